using System.Text.RegularExpressions;

namespace McpDbEngineer.Indexes;

/// <summary>An index worth trying on one table: key columns or expressions in order, covering columns, a partial predicate.</summary>
/// <param name="Table">schema.table as PostgreSQL prints it.</param>
/// <param name="Keys">Columns or parenthesised expressions, each with its direction ("occurred_at DESC").</param>
/// <param name="Include">Columns carried in the index so that the query reads no heap (index-only scan).</param>
/// <param name="Predicate">For a partial index: the condition every row the query wants satisfies.</param>
public sealed partial record IndexCandidate(string Table, IReadOnlyList<string> Keys, IReadOnlyList<string> Include, string? Predicate)
{
    /// <summary>The access method: "btree" (written without USING), or "brin".</summary>
    public string Method { get; init; } = "btree";

    /// <summary>The CREATE INDEX statement, as hypopg and PostgreSQL take it.</summary>
    public string Sql => Statement("CREATE INDEX ON ");

    /// <summary>The statement to build it without blocking writes, named <paramref name="name"/>.</summary>
    public string Concurrently(string name) => Statement($"CREATE INDEX CONCURRENTLY {name} ON ");

    /// <summary>The conventional name: table_keys_idx (brin: table_keys_brin), lower case, within PostgreSQL's 63 bytes.</summary>
    public string ConventionalName()
    {
        var table = Table[(Table.LastIndexOf('.') + 1)..].Trim('"');
        var keys = string.Join("_", Keys.Select(k => NotWord().Replace(Direction().Replace(k, ""), "_").Trim('_').ToLowerInvariant()));
        var suffix = Method == "btree" ? "_idx" : "_" + Method;
        var name = $"{table}_{keys}";
        return (name.Length > 63 - suffix.Length ? name[..(63 - suffix.Length)] : name) + suffix;
    }

    private string Statement(string start) =>
        start + Table + (Method == "btree" ? "" : $" USING {Method}") + $" ({string.Join(", ", Keys)})"
        + (Include.Count > 0 ? $" INCLUDE ({string.Join(", ", Include)})" : "")
        + (Predicate is null ? "" : $" WHERE {Predicate}");

    public override string ToString() => Sql;

    [GeneratedRegex("""[^A-Za-z0-9_]+""", RegexOptions.CultureInvariant)]
    private static partial Regex NotWord();

    [GeneratedRegex("""(?: DESC)?(?: NULLS (?:FIRST|LAST))?$""", RegexOptions.CultureInvariant)]
    private static partial Regex Direction();
}
