using System.Text.RegularExpressions;

namespace McpDbEngineer.Indexes;

/// <summary>An index worth trying on one table: key columns or expressions in order, covering columns, a partial predicate.</summary>
/// <param name="Table">schema.table as PostgreSQL prints it.</param>
/// <param name="Keys">Columns or parenthesised expressions, each with its direction ("occurred_at DESC").</param>
/// <param name="Include">Columns carried in the index so that the query reads no heap (index-only scan).</param>
/// <param name="Predicate">For a partial index: the condition every row the query wants satisfies.</param>
public sealed partial record IndexCandidate(string Table, IReadOnlyList<string> Keys, IReadOnlyList<string> Include, string? Predicate)
{
    /// <summary>The access method: "btree" (written without USING), "brin" or "gin".</summary>
    public string Method { get; init; } = "btree";

    /// <summary>The operator class of every key when it is not the type's default ("jsonb_path_ops", "gin_trgm_ops").</summary>
    public string? OperatorClass { get; init; }

    /// <summary>An extension the operator class needs and the database lacks ("pg_trgm"): to create before the index; null when none is missing.</summary>
    public string? Extension { get; init; }

    /// <summary>The CREATE INDEX statement, as hypopg and PostgreSQL take it.</summary>
    public string Sql => Statement("CREATE INDEX ON ");

    /// <summary>The statement to build it without blocking writes, named <paramref name="name"/>.</summary>
    public string Concurrently(string name) => Statement($"CREATE INDEX CONCURRENTLY {name} ON ");

    /// <summary>The conventional name: table_keys_idx (brin: table_keys_brin, gin: table_keys_gin), lower case, within PostgreSQL's 63 bytes.</summary>
    public string ConventionalName()
    {
        var table = Table[(Table.LastIndexOf('.') + 1)..].Trim('"');
        var keys = string.Join("_", Keys.Select(k => NotWord().Replace(Cast().Replace(Direction().Replace(k, ""), ""), "_").Trim('_').ToLowerInvariant()));
        var suffix = Method == "btree" ? "_idx" : "_" + Method;
        var name = $"{table}_{keys}";
        return (name.Length > 63 - suffix.Length ? name[..(63 - suffix.Length)] : name) + suffix;
    }

    /// <summary>The statement to build it named <paramref name="name"/> (on a scratch copy: it blocks writes while it builds).</summary>
    public string Named(string name) => Statement($"CREATE INDEX {name} ON ");

    private string Statement(string start) =>
        start + Table + (Method == "btree" ? "" : $" USING {Method}") + $" ({string.Join(", ", Keys.Select(k => OperatorClass is null ? k : $"{k} {OperatorClass}"))})"
        + (Include.Count > 0 ? $" INCLUDE ({string.Join(", ", Include)})" : "")
        + (Predicate is null ? "" : $" WHERE {Predicate}");

    public override string ToString() => Sql;

    /// <summary>A cast in an expression key ("'english'::regconfig"): the type says nothing a name needs.</summary>
    [GeneratedRegex("""::[a-z_ ]+""", RegexOptions.CultureInvariant)]
    private static partial Regex Cast();

    [GeneratedRegex("""[^A-Za-z0-9_]+""", RegexOptions.CultureInvariant)]
    private static partial Regex NotWord();

    [GeneratedRegex("""(?: DESC)?(?: NULLS (?:FIRST|LAST))?$""", RegexOptions.CultureInvariant)]
    private static partial Regex Direction();
}
