namespace McpDbEngineer.Indexes;

/// <summary>An index worth trying on one table: key columns or expressions in order, covering columns, a partial predicate.</summary>
/// <param name="Table">schema.table as PostgreSQL prints it.</param>
/// <param name="Keys">Columns or parenthesised expressions, each with its direction ("occurred_at DESC").</param>
/// <param name="Include">Columns carried in the index so that the query reads no heap (index-only scan).</param>
/// <param name="Predicate">For a partial index: the condition every row the query wants satisfies.</param>
public sealed record IndexCandidate(string Table, IReadOnlyList<string> Keys, IReadOnlyList<string> Include, string? Predicate)
{
    /// <summary>The CREATE INDEX statement, as hypopg and PostgreSQL take it.</summary>
    public string Sql =>
        $"CREATE INDEX ON {Table} ({string.Join(", ", Keys)})"
        + (Include.Count > 0 ? $" INCLUDE ({string.Join(", ", Include)})" : "")
        + (Predicate is null ? "" : $" WHERE {Predicate}");

    public override string ToString() => Sql;
}
