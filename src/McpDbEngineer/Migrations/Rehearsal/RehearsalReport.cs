using System.Globalization;
using System.Text;
using System.Text.Json;
using McpDbEngineer.Answers;

namespace McpDbEngineer.Migrations.Rehearsal;

/// <summary>
/// Writes a <see cref="Rehearsal"/> for an agent: the shadow, each statement on one line (duration, locks with the
/// time they would be held on the target, rewrites, errors at line:column), whether the down restores the schema with
/// every difference, then the JSON summary with findings and recommendations. Pure.
/// </summary>
public static class RehearsalReport
{
    private const int StatementLength = 100;

    /// <summary>JSON an agent reads as written: quotes and arrows stay themselves, not \u escapes.</summary>
    private static readonly JsonSerializerOptions SummaryJson = new(RehearsalJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Past this, a lock that blocks writes is a finding: requests queue behind it for longer than a request waits.</summary>
    private const double BlockingSecondsWorthAFinding = 1.0;

    public static string Write(Rehearsal rehearsal)
    {
        var text = new StringBuilder();
        var shadow = rehearsal.Shadow;
        text.Append(CultureInfo.InvariantCulture, $"shadow {shadow.Name} on {shadow.Server}: ");
        text.Append(rehearsal.Reused
            ? "reused from this session"
            : $"schema copied in {Units.Ms(shadow.CopyTime.TotalMilliseconds)}{(shadow.SampledRows > 0 ? $", {shadow.SampledRows} rows sampled" : "")}");
        text.AppendLine(rehearsal.Kept
            ? $"; kept for this session (rehearse the next migration on it with shadow: \"{shadow.Name}\")"
            : "; dropped afterwards");

        Statements(text, "up", rehearsal.Up, rehearsal.Sizes);
        if (rehearsal.Down is { } down)
        {
            Statements(text, "down", down, rehearsal.Sizes);
        }

        text.AppendLine(DownVerdict(rehearsal));
        if (rehearsal.UpAgain is { } again)
        {
            text.AppendLine(again.FirstOrDefault(r => r.Failed) is { } failed
                ? $"up again after down: failed at statement {failed.Statement.Number} ({failed.ErrorLine}:{failed.ErrorColumn}): {failed.Error}"
                : "up again after down: ran");
        }

        text.Append("summary: ").Append(JsonSerializer.Serialize(Summarize(rehearsal), (System.Text.Json.Serialization.Metadata.JsonTypeInfo<RehearsalSummary>)SummaryJson.GetTypeInfo(typeof(RehearsalSummary))));
        return text.ToString();
    }

    private static void Statements(StringBuilder text, string which, IReadOnlyList<StatementRun> runs, IReadOnlyDictionary<string, TargetSize> sizes)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"{which}: {runs.Count} statement{(runs.Count == 1 ? "" : "s")}, {Units.Ms(runs.Sum(r => r.Duration.TotalMilliseconds))} on the shadow");
        foreach (var run in runs)
        {
            var s = run.Statement;
            text.Append(CultureInfo.InvariantCulture, $"  {s.Number} ({s.Line}:{s.Column}) {ShortText.Cut(ShortText.Squeezed(s.Text), StatementLength)}: ");
            if (run.Skipped is { } skipped)
            {
                text.AppendLine("skipped, " + skipped);
                continue;
            }

            if (run.Error is { } error)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"FAILED at {run.ErrorLine}:{run.ErrorColumn}: {error}");
                continue;
            }

            var parts = new List<string> { Units.Ms(run.Duration.TotalMilliseconds) + (run.OutsideTransaction ? " outside a transaction" : "") };
            parts.AddRange(run.Locks.Select(l => $"{LockMode.Words(l.Mode)} on {l.Relation}{Held(run, l.Relation, sizes)}"));
            parts.AddRange(run.Work.Rewritten.Select(t => $"rewrote {t}"));
            parts.AddRange(run.Work.Indexed.Select(t => $"built an index on {t}"));
            parts.AddRange(run.Work.Scanned.Select(t => $"scanned {t} to validate"));
            text.AppendLine(string.Join("; ", parts));
        }
    }

    /// <summary>" (~2.1 s on the target: 105 MB, 1200000 rows)", or nothing when the target lacks the relation.</summary>
    private static string Held(StatementRun run, string relation, IReadOnlyDictionary<string, TargetSize> sizes) =>
        LockEstimate.Seconds(run, relation, sizes) is { } seconds && sizes.TryGetValue(relation, out var size)
            ? $" (~{Seconds(seconds)} on the target: {Units.Bytes(size.TotalBytes)}, {size.Rows} rows)"
            : "";

    private static string Seconds(double seconds) => Units.Ms(seconds * 1000);

    private static string DownVerdict(Rehearsal rehearsal)
    {
        if (rehearsal.Up.Any(r => r.Failed))
        {
            return "down not run: the up failed";
        }

        if (rehearsal.Down is null)
        {
            return "down not given: reversibility not checked";
        }

        if (rehearsal.DownDifferences is not { } differences)
        {
            return "down failed: reversibility not checked";
        }

        if (differences.Count == 0)
        {
            return "down restores the schema: yes (after up → down it equals the schema before up: tables, columns, types, defaults, constraints, indexes, triggers, rules, policies, functions, types, sequences, grants)";
        }

        var text = new StringBuilder($"down restores the schema: NO, {differences.Count} difference{(differences.Count == 1 ? "" : "s")} between before up and after down:");
        foreach (var difference in differences)
        {
            text.Append("\n  ").Append(difference);
        }

        return text.ToString();
    }

    public static RehearsalSummary Summarize(Rehearsal rehearsal)
    {
        var runs = rehearsal.Up.Select(r => ("up", r)).Concat((rehearsal.Down ?? []).Select(r => ("down", r))).ToList();
        var findings = new List<string>();
        var recommendations = new List<string>();
        var sizes = rehearsal.Sizes;

        foreach (var (which, run) in runs.Where(r => r.r.Failed))
        {
            findings.Add($"{which} {run.Statement.Number} failed on the shadow at {run.ErrorLine}:{run.ErrorColumn}: {run.Error}");
        }

        foreach (var (which, run) in runs)
        {
            var name = $"{which} {run.Statement.Number}";
            foreach (var l in run.Locks.Where(l => LockMode.BlocksWrites(l.Mode)))
            {
                var seconds = LockEstimate.Seconds(run, l.Relation, sizes);
                var blocks = LockMode.BlocksReads(l.Mode) ? "reads and writes" : "writes";
                if (seconds >= BlockingSecondsWorthAFinding || run.Work.Rewritten.Contains(l.Relation))
                {
                    findings.Add($"{name} holds {LockMode.Words(l.Mode)} on {l.Relation} for ~{Seconds(seconds ?? 0)} on the target: {blocks} wait that long");
                }
            }

            foreach (var table in run.Work.Rewritten)
            {
                findings.Add($"{name} rewrites {table}{(sizes.TryGetValue(table, out var size) ? $" ({Units.Bytes(size.TotalBytes)} on the target)" : "")} under ACCESS EXCLUSIVE");
                recommendations.Add($"{name}: avoid the rewrite of {table}: add a new column, backfill it in batches and swap, or pick a change that keeps the data file (varchar(n) to a larger n or text needs none)");
            }

            if (run.Work.Indexed.Count > 0 && !run.OutsideTransaction)
            {
                recommendations.Add($"{name}: build the index with CREATE INDEX CONCURRENTLY (outside a transaction): a plain build blocks writes to {string.Join(", ", run.Work.Indexed)} for the whole build");
            }

            var validatedUnderStrongLock = run.Work.Scanned.Where(t => run.Locks.Any(l => l.Relation == t && LockMode.BlocksWrites(l.Mode))).ToList();
            if (validatedUnderStrongLock.Count > 0)
            {
                recommendations.Add($"{name}: validate without blocking writes: add the constraint NOT VALID, then VALIDATE CONSTRAINT in a later statement " +
                                    "(SHARE UPDATE EXCLUSIVE); for SET NOT NULL, validate a CHECK (column IS NOT NULL) first");
            }
        }

        if (FirstLockWithoutTimeout(rehearsal.Up) is { } unguarded)
        {
            recommendations.Add($"up {unguarded.Statement.Number} waits for its {LockMode.Words(unguarded.Locks[0].Mode)} lock on {unguarded.Locks[0].Relation} behind any running transaction, and every query queues behind it: start the up with SET lock_timeout = '5s' (and retry)");
        }

        if (rehearsal.DownDifferences is { Count: > 0 } differences)
        {
            recommendations.Add($"fix the down: it leaves {differences.Count} difference{(differences.Count == 1 ? "" : "s")} from the schema before up (listed above)");
        }
        else if (rehearsal.Down is null && !rehearsal.Up.Any(r => r.Failed))
        {
            recommendations.Add("give a down migration, so that the rehearsal can prove it restores the schema");
        }

        var added = rehearsal.UpChanges.Where(d => d.Fact is null && d.Before is null).ToList();
        return new RehearsalSummary(
            rehearsal.Up.Any(r => r.Failed) ? 0 : 1,
            rehearsal.DownDifferences is { } d ? d.Count == 0 : null,
            added.Where(a => a.Kind == "index").Select(a => a.Name).ToList(),
            added.Where(a => a.Kind == "constraint").Select(a => a.Name).ToList(),
            runs.SelectMany(r => r.Item2.Locks.Select(l => new LockSummary($"{r.Item1} {r.Item2.Statement.Number}", l.Relation, LockMode.Words(l.Mode), Round(LockEstimate.Seconds(r.Item2, l.Relation, sizes))))).ToList(),
            runs.SelectMany(r => r.Item2.Work.Rewritten.Select(t => new RewriteSummary($"{r.Item1} {r.Item2.Statement.Number}", t, sizes.TryGetValue(t, out var s) ? s.TotalBytes : null))).ToList(),
            findings,
            recommendations);
    }

    /// <summary>The first up statement that waits for a lock blocking writes on an existing table with no lock_timeout set before it.</summary>
    private static StatementRun? FirstLockWithoutTimeout(IReadOnlyList<StatementRun> up)
    {
        foreach (var run in up)
        {
            if (run.Statement.Command == "SET" && run.Statement.Text.Contains("lock_timeout", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (run.Locks.Count > 0 && LockMode.BlocksWrites(run.Locks[0].Mode))
            {
                return run;
            }
        }

        return null;
    }

    private static double? Round(double? seconds) => seconds is { } s ? Math.Round(s, 3) : null;
}
