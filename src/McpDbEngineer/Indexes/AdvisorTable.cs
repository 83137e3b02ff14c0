namespace McpDbEngineer.Indexes;

/// <summary>An index a table already has: its key columns or expressions as pg_get_indexdef prints them.</summary>
public sealed record ExistingIndex(string Name, string Method, IReadOnlyList<string> Keys, string? Predicate, bool Valid);

/// <summary>What the advisor needs to know of one table besides the plans.</summary>
/// <param name="Table">schema.table as SQL writes it (<see cref="PlanCandidates.TableOf"/>).</param>
/// <param name="Writes">Rows inserted, updated and deleted since the statistics were reset.</param>
/// <param name="Scans">Sequential and index scans since then: how often it is read.</param>
/// <param name="Correlated">Columns stored in the order of their values (a BRIN index summarises them well).</param>
/// <param name="ColumnKinds">Columns a GIN index could serve, as EXPLAIN prints them, and their kind (<see cref="GinCandidates.Jsonb"/> …).</param>
public sealed record AdvisorTable(
    string Table, double Rows, long Writes, long Scans, int IndexCount, IReadOnlySet<string> Correlated, IReadOnlyDictionary<string, string> ColumnKinds,
    IReadOnlyList<ExistingIndex> Indexes)
{
    /// <summary>Below this many rows written, no table is write-heavy whatever its reads.</summary>
    public const long WriteHeavyMinWrites = 100_000;

    /// <summary>Each index adds work to every write; a table written this many times more than it is read seldom repays one.</summary>
    public const double WriteHeavyRatio = 50;

    public bool WriteHeavy => Writes >= WriteHeavyMinWrites && Writes >= WriteHeavyRatio * Math.Max(Scans, 1);

    /// <summary>
    /// The valid index that already serves <paramref name="candidate"/>: same method, its keys start with the
    /// candidate's (in order), it covers the INCLUDE columns among its keys or its own, and its predicate is the
    /// candidate's or none. Null when none does.
    /// </summary>
    public ExistingIndex? Serving(IndexCandidate candidate)
    {
        var keys = candidate.Keys.Select(Normalized).ToList();
        return Indexes.FirstOrDefault(index =>
            index.Valid && index.Method == candidate.Method && index.Keys.Count >= keys.Count
            && keys.Select((k, i) => k == Normalized(index.Keys[i])).All(same => same)
            && (index.Predicate is null || Normalized(index.Predicate) == Normalized(candidate.Predicate ?? ""))
            && candidate.Include.All(c => index.Keys.Select(Normalized).Contains(Normalized(c))));
    }

    /// <summary>Key text compared without outer parentheses, spaces or sort direction ("(lower((email)::text))" = "lower((email)::text)").</summary>
    private static string Normalized(string key)
    {
        var text = key.Replace(" DESC", "", StringComparison.Ordinal).Replace(" NULLS FIRST", "", StringComparison.Ordinal).Replace(" NULLS LAST", "", StringComparison.Ordinal);
        return ConditionText.Unwrap(text.Trim()).Replace(" ", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal);
    }
}
