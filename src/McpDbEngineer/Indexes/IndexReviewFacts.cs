namespace McpDbEngineer.Indexes;

/// <summary>What review_indexes judges, read in one catalog batch by <see cref="IndexReview"/>.</summary>
/// <param name="StatsReset">Since when the scan counters count; null when never reset (since the cluster was created).</param>
public sealed record IndexReviewFacts(DateTime? StatsReset, IReadOnlyList<ReviewedIndex> Indexes, IReadOnlyList<ReviewedForeignKey> ForeignKeys);

/// <param name="Name">Schema-qualified and quoted, ready for DDL.</param>
/// <param name="Definition">Method and keys as pg_get_indexdef writes them after USING.</param>
/// <param name="KeySignature">Per key column: attnum, operator class, collation, options; equal only for the same key.</param>
/// <param name="Columns">All attnums (keys, then INCLUDE columns); 0 for an expression.</param>
/// <param name="BacksConstraint">A primary key, unique or exclusion constraint uses it, or a foreign key references through it.</param>
/// <param name="Pages">pg_class.relpages of the index.</param>
/// <param name="TableRows">reltuples of the table (0 when never analyzed).</param>
/// <param name="KeyWidth">Summed pg_stats.avg_width of the key columns; null when unknown.</param>
/// <param name="LeadDistinct">pg_stats.n_distinct of a single-column index's column (negative: a fraction of the rows).</param>
public sealed record ReviewedIndex(
    string Table,
    string Name,
    string Method,
    string Definition,
    IReadOnlyList<string> KeySignature,
    IReadOnlyList<short> Columns,
    int KeyCount,
    string Expressions,
    string Predicate,
    bool Unique,
    bool Valid,
    bool ReplicaIdentity,
    bool BacksConstraint,
    long Scans,
    long Bytes,
    long Pages,
    double TableRows,
    long? KeyWidth,
    double? LeadDistinct)
{
    public IReadOnlyList<short> Key => [.. Columns.Take(KeyCount)];

    public bool HasExpressions => Expressions.Length > 0;

    public bool HasInclude => Columns.Count > KeyCount;
}

/// <param name="Key">The key's attnums in the referencing table.</param>
/// <param name="ReferencingIndexKeys">The attnums of each index on the referencing table that can look rows up.</param>
public sealed record ReviewedForeignKey(
    string Name, string Referencing, string Columns, string Referenced, IReadOnlyList<short> Key, IReadOnlyList<IReadOnlyList<short>> ReferencingIndexKeys);
