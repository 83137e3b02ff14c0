namespace McpDbEngineer.Indexes;

/// <summary>What recommend_indexes is asked: the queries (none: the workload of pg_stat_statements) and the limits.</summary>
public sealed record IndexAdviceRequest
{
    public IReadOnlyList<string> Queries { get; init; } = [];

    public int MaxIndexes { get; init; } = 5;

    public double SizeBudgetMb { get; init; } = 1024;

    /// <summary>The smallest cut of the workload's total cost, in percent, that earns an index.</summary>
    public double MinGainPercent { get; init; } = 1;

    /// <summary>How many of pg_stat_statements' statements (by total time) make the workload.</summary>
    public int WorkloadTop { get; init; } = 20;
}

/// <summary>A query as planned: its weight (calls), total cost before and after the chosen indexes, the chosen indexes its plan reads.</summary>
public sealed record AdvisedQuery(string Label, string Text, double Weight, double Before, double After, IReadOnlyList<string> IndexesUsed, bool Generic);

/// <summary>A chosen index: the DDL to build it, its estimated size, the weighted cost it cuts and the queries it helps.</summary>
/// <param name="SizeBytes">hypopg's estimate; for an index built on a shadow, its size there scaled to the target's rows.</param>
/// <param name="Proof">For an index built on a shadow (GIN): where and how it was proven, with the costs measured there; null for hypopg's.</param>
public sealed record AdvisedIndex(string Ddl, long SizeBytes, double Gain, IReadOnlyList<string> Helped, string? Proof);

/// <summary>An index the queries seem to need that could not be proven (GIN without a shadow, an extension missing): the DDL, the queries, why.</summary>
public sealed record UnprovenIndex(string Ddl, IReadOnlyList<string> For, string Reason);

/// <summary>A candidate left out and why, in words with the numbers behind them.</summary>
public sealed record RejectedCandidate(string Sql, string Reason);

/// <summary>A query that was not planned and why (a syntax error, not a plannable statement, refused by the guard).</summary>
public sealed record SkippedQuery(string Label, string Text, string Reason);

/// <summary>The whole answer of recommend_indexes, as records; <see cref="IndexAdviceWriter"/> writes it.</summary>
public sealed record IndexAdvice(
    string Source,
    IReadOnlyList<AdvisedQuery> Queries,
    IReadOnlyList<AdvisedIndex> Indexes,
    IReadOnlyList<RejectedCandidate> Rejected,
    IReadOnlyList<SkippedQuery> Skipped,
    IndexAdviceRequest Limits)
{
    public IReadOnlyList<UnprovenIndex> Unproven { get; init; } = [];

    public double TotalBefore => Queries.Sum(q => q.Weight * q.Before);

    public double TotalAfter => Queries.Sum(q => q.Weight * q.After);
}
