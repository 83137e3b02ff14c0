using System.Text.Json;
using System.Text.RegularExpressions;
using McpDbEngineer.Answers;
using static McpDbEngineer.Sql.Parsing.ParseTree;

namespace McpDbEngineer.Migrations.Draft;

/// <summary>How the live schema names one kind of object: by prefix (idx_orders_placed_at) or by suffix (orders_placed_at_idx).</summary>
/// <param name="Evidence">What the choice rests on ("12 of 14 indexes end in _idx"), or that it is the default.</param>
internal sealed record NameStyle(string Kind, string Prefix, string Suffix, bool UsesSuffix, string Evidence)
{
    public bool Fits(string name) => UsesSuffix ? name.EndsWith(Suffix, StringComparison.Ordinal) : name.StartsWith(Prefix, StringComparison.Ordinal);

    public string Example(string table, string columns) => UsesSuffix ? $"{table}_{columns}{Suffix}" : $"{Prefix}{table}_{columns}";

    /// <summary>The style of a kind from the live counts: the more common of prefix and suffix, the prefix when neither is used.</summary>
    public static NameStyle Detect(string kind, string prefix, string suffix, long prefixed, long suffixed, long total) =>
        suffixed > prefixed
            ? new(kind, prefix, suffix, true, $"{suffixed} of {total} {kind} names in the live schema end in {suffix}")
            : new(kind, prefix, suffix, false, prefixed > 0 ? $"{prefixed} of {total} {kind} names in the live schema start with {prefix}" : $"the usual {prefix} prefix");
}

/// <summary>The live schema's naming, one style per kind.</summary>
internal sealed record NamingConvention(NameStyle Index, NameStyle ForeignKey, NameStyle Unique, NameStyle Check)
{
    public static NamingConvention Default { get; } = new(
        NameStyle.Detect("index", "idx_", "_idx", 0, 0, 0),
        NameStyle.Detect("foreign key", "fk_", "_fkey", 0, 0, 0),
        NameStyle.Detect("unique", "uq_", "_key", 0, 0, 0),
        NameStyle.Detect("check", "chk_", "_check", 0, 0, 0));
}

/// <summary>
/// Convention advice on the new DDL, each with its fix: snake_case plural table names, index and constraint names in
/// the live schema's style, id and created_at/updated_at columns, timestamptz, identity over serial, text over
/// varchar(n), an index on every foreign key column, an explicit ON DELETE. Pure: the live style is handed in.
/// </summary>
internal static partial class NamingConventions
{
    public static IReadOnlyList<Finding> Advise(IReadOnlyList<UpStatement> ups, NamingConvention convention)
    {
        var advice = new List<Finding>();
        var indexedColumns = ups.Where(u => u.Type == "IndexStmt")
            .Select(u => (Table: Text(Field(u.Body, "relation"), "relname"), First: Items(u.Body, "indexParams").Select(p => TryNode(p, out _, out var e) ? Text(e, "name") : null).FirstOrDefault()))
            .ToHashSet();
        foreach (var up in ups)
        {
            switch (up.Type)
            {
                case "CreateStmt":
                    Table(up, advice, convention, indexedColumns);
                    break;
                case "IndexStmt":
                    var table = Text(Field(up.Body, "relation"), "relname") ?? "t";
                    var columns = string.Join('_', Items(up.Body, "indexParams").Select(p => TryNode(p, out _, out var e) ? Text(e, "name") : null).OfType<string>());
                    var style = Flag(up.Body, "unique") ? convention.Unique : convention.Index;
                    if (Text(up.Body, "idxname") is not { } index)
                    {
                        advice.Add(new("naming", $"index on {table}", "the index has no name: PostgreSQL picks one, and the down cannot name it", $"name it {style.Example(table, columns)} ({style.Evidence})"));
                    }
                    else if (!style.Fits(index))
                    {
                        advice.Add(new("naming", $"index {index}", $"does not follow the {style.Kind} naming ({style.Evidence})", $"name it {style.Example(table, columns)}"));
                    }

                    break;
                case "AlterTableStmt":
                    var tableName = Text(Field(up.Body, "relation"), "relname") ?? "t";
                    foreach (var item in Items(up.Body, "cmds"))
                    {
                        if (TryNode(item, out _, out var cmd))
                        {
                            if (Text(cmd, "subtype") == "AT_AddConstraint")
                            {
                                Constraint(up, tableName, Field(Field(cmd, "def"), "Constraint"), advice, convention, indexedColumns);
                            }
                            else if (Text(cmd, "subtype") == "AT_AddColumn")
                            {
                                Column(tableName, Field(Field(cmd, "def"), "ColumnDef"), advice);
                            }
                        }
                    }

                    break;
            }
        }

        return advice;
    }

    private static void Table(UpStatement up, List<Finding> advice, NamingConvention convention, HashSet<(string?, string?)> indexed)
    {
        var table = Text(Field(up.Body, "relation"), "relname") ?? "?";
        if (!SnakeCase().IsMatch(table))
        {
            advice.Add(new("naming", $"table {table}", "is not snake_case", $"name it {ToSnakeCase(table)}"));
        }
        else if (!LooksPlural(table))
        {
            advice.Add(new("naming", $"table {table}", "is singular; tables name the set of rows they hold", $"name it {table}s"));
        }

        var columns = new List<string>();
        foreach (var element in Items(up.Body, "tableElts"))
        {
            if (TryNode(element, out var type, out var body) && type == "ColumnDef")
            {
                columns.Add(Text(body, "colname") ?? "");
                Column(table, body, advice);
                foreach (var constraint in Items(body, "constraints"))
                {
                    if (TryNode(constraint, out _, out var c) && Text(c, "contype") == "CONSTR_FOREIGN")
                    {
                        ForeignKey(up, table, [Text(body, "colname") ?? "?"], advice, indexed);
                    }
                }
            }
            else if (type == "Constraint")
            {
                Constraint(up, table, body, advice, convention, indexed);
            }
        }

        if (!columns.Contains("id"))
        {
            advice.Add(new("columns", $"table {table}", "has no id column", "add id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY (or say why the key is natural)"));
        }

        var missing = new[] { "created_at", "updated_at" }.Where(c => !columns.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            advice.Add(new("columns", $"table {table}", $"has no {string.Join(" or ", missing)}", string.Join("; ", missing.Select(c => $"add {c} timestamptz NOT NULL DEFAULT now()"))));
        }
    }

    private static void Column(string table, JsonElement column, List<Finding> advice)
    {
        var name = Text(column, "colname") ?? "?";
        var typeNames = Names(Field(Field(column, "typeName"), "names"));
        var type = typeNames.Count > 0 ? typeNames[^1] : "";
        var subject = $"column {table}.{name}";
        switch (type)
        {
            case "timestamp":
                advice.Add(new("column_type", subject, "timestamp without time zone stores a wall-clock time with no zone: ambiguous across servers and DST", "use timestamptz"));
                break;
            case "serial" or "bigserial" or "smallserial" or "serial4" or "serial8" or "serial2":
                advice.Add(new("column_type", subject, $"{type} makes a sequence the column does not own as a standard identity", $"use {(type.Contains("big", StringComparison.Ordinal) || type.EndsWith('8') ? "bigint" : "integer")} GENERATED ALWAYS AS IDENTITY"));
                break;
            case "varchar" when Items(Field(column, "typeName"), "typmods").Any():
                advice.Add(new("column_type", subject, "varchar(n) changes its limit only with ALTER TYPE (a lock; a rewrite when it shrinks)", "use text, with CHECK (char_length(" + name + ") <= n) if the limit matters"));
                break;
        }

        if (!SnakeCase().IsMatch(name))
        {
            advice.Add(new("naming", subject, "is not snake_case", $"name it {ToSnakeCase(name)}"));
        }
    }

    private static void Constraint(UpStatement up, string table, JsonElement constraint, List<Finding> advice, NamingConvention convention, HashSet<(string?, string?)> indexed)
    {
        var (style, columns) = Text(constraint, "contype") switch
        {
            "CONSTR_FOREIGN" => (convention.ForeignKey, Names(Field(constraint, "fk_attrs"))),
            "CONSTR_UNIQUE" => (convention.Unique, Names(Field(constraint, "keys"))),
            "CONSTR_CHECK" => (convention.Check, new List<string>()),
            _ => ((NameStyle?)null, new List<string>()),
        };
        if (style is null)
        {
            return;
        }

        var suggested = style.Example(table, columns.Count > 0 ? string.Join('_', columns) : "rule");
        if (Text(constraint, "conname") is not { } name)
        {
            advice.Add(new("naming", $"{style.Kind} on {table}", "has no name: PostgreSQL picks one", $"name it {suggested} ({style.Evidence})"));
        }
        else if (!style.Fits(name))
        {
            advice.Add(new("naming", $"{style.Kind} {name}", $"does not follow the {style.Kind} naming ({style.Evidence})", $"name it {suggested}"));
        }

        if (Text(constraint, "contype") == "CONSTR_FOREIGN")
        {
            ForeignKey(up, table, columns, advice, indexed);
        }
    }

    private static void ForeignKey(UpStatement up, string table, List<string> columns, List<Finding> advice, HashSet<(string?, string?)> indexed)
    {
        if (columns.Count > 0 && !indexed.Contains((table, columns[0])))
        {
            advice.Add(new("fk_index", $"foreign key {table}({string.Join(", ", columns)})", "no index in this migration leads with it: deletes on the referenced table scan this one, and joins cannot use one",
                $"CREATE INDEX CONCURRENTLY … ON {table} ({string.Join(", ", columns)}) (unless an index already leads with it)"));
        }

        // The tree holds NO ACTION whether it was written or not: whether ON DELETE was written is in the text.
        if (!OnDelete().IsMatch(up.Sql))
        {
            advice.Add(new("on_delete", $"{table}({string.Join(", ", columns)})", "has no ON DELETE: deleting a referenced row fails (NO ACTION), which may not be the intent",
                "write ON DELETE RESTRICT, CASCADE or SET NULL explicitly"));
        }
    }

    private static bool LooksPlural(string table)
    {
        var last = table.Split('_')[^1];
        return last.EndsWith('s') || last is "data" or "people" or "children" or "media" or "staff" or "inventory" or "metadata" or "feedback";
    }

    private static string ToSnakeCase(string name) => CamelHump().Replace(name, "$1_$2").ToLowerInvariant().Replace(' ', '_').Replace('-', '_');

    [GeneratedRegex("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SnakeCase();

    [GeneratedRegex("([a-z0-9])([A-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex CamelHump();

    [GeneratedRegex(@"\bON\s+DELETE\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OnDelete();
}
