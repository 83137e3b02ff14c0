using System.Globalization;

namespace McpDbEngineer.Safety.Effects;

/// <summary>What the policy says about a measured effect.</summary>
/// <param name="NeedsApproval">Why a human must say yes before COMMIT, one line per reason; empty when the effect is within policy.</param>
/// <param name="Report">Everything measured, in words, for the human and the audit (rows per table, catalog changes).</param>
/// <param name="FirstTable">The table of the first row rule that fired: what the human types to say yes.</param>
public sealed record EffectVerdict(IReadOnlyList<string> NeedsApproval, IReadOnlyList<string> Report, string? FirstTable)
{
    /// <summary>Before anything ran: nothing measured yet.</summary>
    public static readonly EffectVerdict Unmeasured = new([], [], null);
}

/// <summary>
/// Decides from what a call measurably did — not from what its SQL looks like — whether a human must approve it
/// before it is committed. Pure: no database, tested directly.
/// </summary>
public static class EffectPolicy
{
    /// <summary>Catalog changes that are ordinary work: creating objects, changing defaults, types, storage options.</summary>
    private static readonly HashSet<CatalogChangeKind> Ordinary = [CatalogChangeKind.Created, CatalogChangeKind.Altered];

    public static EffectVerdict Evaluate(MeasuredEffect effect, EffectLimits limits)
    {
        var approvals = new List<string>();
        var report = new List<string>();
        string? firstTable = null;
        foreach (var table in effect.Tables)
        {
            foreach (var (line, rule) in Rows(table, limits))
            {
                report.Add(line);
                if (rule is not null)
                {
                    approvals.Add($"{line} ({rule})");
                    firstTable ??= table.Table;
                }
            }
        }

        foreach (var change in effect.Catalog ?? [])
        {
            report.Add(change.Text);
            if (!Ordinary.Contains(change.Kind))
            {
                approvals.Add(change.Text);
            }
        }

        if (effect.Catalog is null && effect.CatalogRowsWritten > 0)
        {
            // No snapshot was taken (plain DML was sent), yet the schema changed: code the statements reached did it.
            var line = $"changed the system catalogs ({effect.CatalogRowsWritten} catalog rows written) through code the statements reached (a trigger, a rule or a column default): not itemised";
            report.Add(line);
            approvals.Add(line);
        }

        return new EffectVerdict(approvals, report, firstTable);
    }

    /// <summary>The lines for one table's rows, each with the rule it breaks (null when within policy).</summary>
    private static IEnumerable<(string Line, string? Rule)> Rows(TableChange t, EffectLimits limits)
    {
        if (t.Deleted > 0)
        {
            string? rule = null;
            if (t.Deleted >= limits.DeletedCount)
            {
                rule = $"{N(limits.DeletedCount)} or more rows deleted";
            }
            else if (Share(t.Deleted, t.RowsBefore, limits) is { } share && share > limits.DeletedShare)
            {
                rule = double.IsPositiveInfinity(share) ? "the table's size is unknown" : $"more than {Percent(limits.DeletedShare)} of the table";
            }

            var cascade = t.CascadeFrom is { } from ? $" through the cascade from {from}" : "";
            yield return ($"deleted {N(t.Deleted)} {Of(t, t.Deleted)} of {t.Table}{cascade}", rule);
        }

        if (t.Updated > 0)
        {
            string? rule = null;
            if (Share(t.Updated, t.RowsBefore, limits) is { } share && share >= limits.UpdatedShare)
            {
                rule = double.IsPositiveInfinity(share) ? "the table's size is unknown" : $"{Percent(limits.UpdatedShare)} or more of the table";
            }

            yield return ($"updated {N(t.Updated)} {Of(t, t.Updated)} of {t.Table}", rule);
        }

        if (t.Inserted > 0)
        {
            yield return ($"inserted {N(t.Inserted)} {(t.Inserted == 1 ? "row" : "rows")} into {t.Table}", null);
        }
    }

    /// <summary>
    /// The share of the table's rows from before the call that <paramref name="changed"/> rows can be: at most the
    /// rows the table had (rows inserted and removed in the same call destroy nothing older). Null when too few rows
    /// changed for a share to mean anything; infinity when the size is unknown, so that the rule asks.
    /// </summary>
    private static double? Share(long changed, long? rowsBefore, EffectLimits limits)
    {
        if (rowsBefore is not { } before)
        {
            return changed >= limits.MinimumRowsForShare ? double.PositiveInfinity : null;
        }

        var older = Math.Min(changed, before);
        return older >= limits.MinimumRowsForShare && before > 0 ? (double)older / before : null;
    }

    /// <summary>"of 10,000 rows", "of about 10,000 rows", or "rows" / "row" when the size is unknown.</summary>
    private static string Of(TableChange t, long changed) =>
        t.RowsBefore is { } rows ? $"of {(t.Counted ? "" : "about ")}{N(rows)} {(rows == 1 ? "row" : "rows")}" : changed == 1 ? "row" : "rows";

    private static string N(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
