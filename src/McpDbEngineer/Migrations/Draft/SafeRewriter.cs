using System.Text.Json;
using System.Text.RegularExpressions;
using McpDbEngineer.Sql;
using McpDbEngineer.Sql.Parsing;
using static McpDbEngineer.Sql.Parsing.ParseTree;

namespace McpDbEngineer.Migrations.Draft;

/// <summary>
/// The forms of a change that do not block a busy table (<c>safe: true</c>): indexes built CONCURRENTLY, foreign keys and
/// checks added NOT VALID then validated (the scan then takes SHARE UPDATE EXCLUSIVE, not ACCESS EXCLUSIVE), SET NOT NULL
/// proven first by a validated CHECK (PostgreSQL 12+ then skips its own scan), a column with a volatile default added
/// bare and backfilled in committed batches, and timeouts first so that a lock that cannot be had fails fast instead of
/// queueing every query behind it. Pure: whether a default's function is volatile comes from the catalog.
/// </summary>
internal static partial class SafeRewriter
{
    /// <summary>How long a statement may wait for its lock: long enough for a quiet moment, short enough that the queue behind it stays short.</summary>
    public const string LockTimeout = "5s";

    /// <summary>A cap on each statement, so a forgotten rewrite cannot hold its lock for hours; CONCURRENTLY builds and batches run outside it per statement.</summary>
    public const string StatementTimeout = "15min";

    /// <summary>Rows a backfill updates per committed batch: small enough that each batch's row locks and WAL are brief.</summary>
    public const int BackfillBatch = 10_000;

    public static IReadOnlyList<DraftStatement> Rewrite(IReadOnlyList<UpStatement> ups, PriorCatalog prior)
    {
        var rewritten = new List<DraftStatement>
        {
            new($"SET lock_timeout = '{LockTimeout}'"),
            new($"SET statement_timeout = '{StatementTimeout}'"),
        };
        foreach (var up in ups)
        {
            rewritten.AddRange(Safe(up, prior));
        }

        return rewritten;
    }

    /// <summary>The statements as written, each marked when it must run outside a transaction.</summary>
    public static IReadOnlyList<DraftStatement> AsWritten(IReadOnlyList<UpStatement> ups) =>
        ups.Select(up => new DraftStatement(up.Sql, MustRunOutsideTransaction(up), up.Number)).ToList();

    public static bool MustRunOutsideTransaction(UpStatement up) => up.Type switch
    {
        "IndexStmt" or "ReindexStmt" => Flag(up.Body, "concurrent") || Items(up.Body, "params").Any(p => TryNode(p, out _, out var d) && Text(d, "defname") == "concurrently"),
        "DropStmt" => Flag(up.Body, "concurrent"),
        "DoStmt" => up.Sql.Contains("COMMIT", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private static IEnumerable<DraftStatement> Safe(UpStatement up, PriorCatalog prior)
    {
        if (up.Type == "IndexStmt" && !Flag(up.Body, "concurrent"))
        {
            return [new(IndexKeyword().Replace(Bare(up.Sql), "${index} CONCURRENTLY", 1), true, up.Number)];
        }

        if (up.Type == "AlterTableStmt" && Items(up.Body, "cmds").ToList() is [var only] && TryNode(only, out _, out var cmd))
        {
            var table = WrittenNames.Relation(Field(up.Body, "relation"));
            var tableName = Text(Field(up.Body, "relation"), "relname") ?? "t";
            switch (Text(cmd, "subtype"))
            {
                case "AT_AddConstraint" when Field(Field(cmd, "def"), "Constraint") is var constraint
                                             && Text(constraint, "contype") is "CONSTR_FOREIGN" or "CONSTR_CHECK"
                                             && !Flag(constraint, "skip_validation")
                                             && !(Text(constraint, "contype") == "CONSTR_FOREIGN" && IsPartitioned(table, prior)):
                    return NotValidThenValidate(up, table, tableName, constraint);
                case "AT_SetNotNull":
                    return NotNullThroughCheck(table, tableName, Text(cmd, "name") ?? "?", up.Number);
                case "AT_AddColumn" when VolatileDefault(Field(Field(cmd, "def"), "ColumnDef"), prior) is { } column:
                    return Backfilled(up, table, column);
            }
        }

        return [new(up.Sql, MustRunOutsideTransaction(up), up.Number)];
    }

    // PostgreSQL refuses NOT VALID foreign keys on partitioned tables: add those to each partition, or as written.
    private static bool IsPartitioned(string table, PriorCatalog prior) => prior.Find("relation", null, table)?.Fact("kind") == "p";

    private static IEnumerable<DraftStatement> NotValidThenValidate(UpStatement up, string table, string tableName, JsonElement constraint)
    {
        var sql = Bare(up.Sql);
        var name = Text(constraint, "conname");
        if (name is null)
        {
            // Named here so that VALIDATE (and the down) can name it.
            var columns = Names(Field(constraint, "fk_attrs"));
            name = Text(constraint, "contype") == "CONSTR_FOREIGN"
                ? $"fk_{tableName}_{string.Join('_', columns)}"
                : $"chk_{tableName}_{up.Number}";
            sql = UnnamedConstraint().Replace(sql, $"ADD CONSTRAINT {Identifiers.AsPrinted(name)} ${{kind}}", 1);
        }

        return
        [
            new($"{sql} NOT VALID", false, up.Number),
            new($"ALTER TABLE {table} VALIDATE CONSTRAINT {Identifiers.AsPrinted(name)}", false, up.Number),
        ];
    }

    private static IEnumerable<DraftStatement> NotNullThroughCheck(string table, string tableName, string column, int number)
    {
        var check = Identifiers.AsPrinted($"chk_{tableName}_{column}_not_null");
        var columnName = Identifiers.AsPrinted(column);
        // The check lives only inside the up (added, used, dropped): the down undoes SET NOT NULL alone.
        return
        [
            new($"ALTER TABLE {table} ADD CONSTRAINT {check} CHECK ({columnName} IS NOT NULL) NOT VALID", false, number, NeedsNoDown: true),
            new($"ALTER TABLE {table} VALIDATE CONSTRAINT {check}", false, number, NeedsNoDown: true),
            new($"ALTER TABLE {table} ALTER COLUMN {columnName} SET NOT NULL", false, number),
            new($"ALTER TABLE {table} DROP CONSTRAINT {check}", false, number, NeedsNoDown: true),
        ];
    }

    private sealed record VolatileColumn(string Name, JsonElement Definition, bool NotNull);

    /// <summary>A column whose DEFAULT calls a VOLATILE function (gen_random_uuid(), clock_timestamp()): adding it rewrites the table.</summary>
    private static VolatileColumn? VolatileDefault(JsonElement column, PriorCatalog prior)
    {
        JsonElement? defaultExpression = null;
        var notNull = false;
        foreach (var item in Items(column, "constraints"))
        {
            if (TryNode(item, out _, out var constraint))
            {
                switch (Text(constraint, "contype"))
                {
                    case "CONSTR_DEFAULT":
                        defaultExpression = Field(constraint, "raw_expr");
                        break;
                    case "CONSTR_NOTNULL":
                        notNull = true;
                        break;
                    case not null:
                        return null; // primary key, unique, check, references: left as written
                }
            }
        }

        if (defaultExpression is not { } expression)
        {
            return null;
        }

        var volatileCall = FunctionCalls(expression).Any(name =>
            prior.Find("volatile", name.Count > 1 ? name[0] : null, name[^1]) is { } facts && facts.Flag("volatile"));
        return volatileCall ? new VolatileColumn(Text(column, "colname") ?? "?", column, notNull) : null;
    }

    private static IEnumerable<List<string>> FunctionCalls(JsonElement expression)
    {
        var pending = new Stack<JsonElement>([expression]);
        while (pending.Count > 0)
        {
            var element = pending.Pop();
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "FuncCall")
                    {
                        yield return Names(Field(property.Value, "funcname"));
                    }

                    pending.Push(property.Value);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var child in element.EnumerateArray())
                {
                    pending.Push(child);
                }
            }
        }
    }

    private static IEnumerable<DraftStatement> Backfilled(UpStatement up, string table, VolatileColumn column)
    {
        var name = Identifiers.AsPrinted(column.Name);
        var defaultSql = DefaultText(up.Sql);
        if (defaultSql is null)
        {
            return [new(up.Sql, false, up.Number)];
        }

        var statements = new List<DraftStatement>
        {
            new($"ALTER TABLE {table} ADD COLUMN {name} {TypeText(Field(column.Definition, "typeName"))}", false, up.Number),
            // New rows get the default from here on; the backfill then only has the rows that existed.
            new($"ALTER TABLE {table} ALTER COLUMN {name} SET DEFAULT {defaultSql}", false, up.Number),
            new($"""
                DO $backfill$
                BEGIN
                    LOOP
                        UPDATE {table} SET {name} = DEFAULT
                        WHERE ctid IN (SELECT ctid FROM {table} WHERE {name} IS NULL LIMIT {BackfillBatch});
                        EXIT WHEN NOT FOUND;
                        COMMIT;
                    END LOOP;
                END $backfill$
                """, true, up.Number, NeedsNoDown: true),
        };
        if (column.NotNull)
        {
            statements.AddRange(NotNullThroughCheck(table, Text(Field(up.Body, "relation"), "relname") ?? "t", column.Name, up.Number));
        }

        return statements;
    }

    /// <summary>The DEFAULT expression as written in an ADD COLUMN, up to the next column constraint or the end.</summary>
    private static string? DefaultText(string sql)
    {
        var match = DefaultClause().Match(Bare(sql));
        return match.Success ? match.Groups["expression"].Value.Trim() : null;
    }

    /// <summary>A TypeName written back: <c>varchar(20)</c>, <c>uuid</c>, <c>public.money2[]</c>.</summary>
    private static string TypeText(JsonElement typeName)
    {
        var modifiers = Items(typeName, "typmods")
            .Select(m => TryNode(m, out _, out var c) && Field(Field(c, "ival"), "ival") is { ValueKind: JsonValueKind.Number } v ? v.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : null)
            .OfType<string>().ToList();
        var written = WrittenNames.Type(typeName);
        var bounds = written.IndexOf('[', StringComparison.Ordinal) is var at and >= 0 ? written[at..] : "";
        var name = bounds.Length > 0 ? written[..^bounds.Length] : written;
        return modifiers.Count > 0 ? $"{name}({string.Join(", ", modifiers)}){bounds}" : written;
    }

    private static string Bare(string sql) => sql.TrimEnd().TrimEnd(';').TrimEnd();

    [GeneratedRegex(@"(?<index>\bINDEX)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IndexKeyword();

    [GeneratedRegex(@"\bADD\s+(?<kind>CHECK|FOREIGN\s+KEY)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnnamedConstraint();

    // A default ends where the next column constraint starts (NOT NULL, NULL, CHECK, REFERENCES, …) or at the end.
    [GeneratedRegex(@"\bDEFAULT\s+(?<expression>.+?)\s*(?=\b(?:NOT\s+NULL|NULL|CONSTRAINT|CHECK|REFERENCES|UNIQUE|PRIMARY|COLLATE|GENERATED)\b|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex DefaultClause();
}
