using System.Text.Json;

namespace McpDbEngineer.Sql.Parsing;

/// <summary>An INSERT, UPDATE, DELETE or MERGE found below a statement's root (a data-modifying CTE).</summary>
internal sealed record NestedModification(string Command, string Target, bool AllRows);

/// <summary>
/// What a walk of the whole tree below a statement finds: every function call, data-modifying statement and
/// row-locking clause, at any depth. The walk keeps its own stack: trees nest as deep as expressions do
/// ("1 + 1 + …" is one level per term), deeper than a recursive walk could safely go.
/// </summary>
internal sealed class TreeScan
{
    private TreeScan()
    {
    }

    public List<SqlName> Functions { get; } = [];

    public List<NestedModification> Modifications { get; } = [];

    /// <summary>Row-locking clauses found ("FOR UPDATE", "FOR KEY SHARE"…).</summary>
    public List<string> Locks { get; } = [];

    /// <summary>Operators as written ("=", "public.###"), for resolving by name when PostgreSQL cannot be asked.</summary>
    public List<SqlName> Operators { get; } = [];

    /// <summary>Relations as written (CTE names included: they look the same to a parser).</summary>
    public List<SqlName> Relations { get; } = [];

    /// <summary>
    /// Relations rows are written to (INSERT, UPDATE, DELETE, MERGE at any depth, COPY FROM): their defaults, checks and
    /// triggers run; and the relations VACUUM, ANALYZE and REINDEX process, which evaluate their index expressions.
    /// </summary>
    public List<SqlName> WriteTargets { get; } = [];

    /// <summary>The highest $n placeholder, 0 when there is none.</summary>
    public int ParameterCount { get; private set; }

    /// <summary>
    /// True when the tree holds nothing but constants, placeholders and boolean logic (SELECT 1, VALUES ('a'), SELECT $1):
    /// no function, operator, cast, relation or anything else that could run code.
    /// </summary>
    public bool OnlyConstants { get; private set; } = true;

    // Node types and the fields holding them in such trees; anything else makes a tree more than constants.
    private static readonly HashSet<string> ConstantNodes = new(StringComparer.Ordinal)
    {
        "stmt", "SelectStmt", "ResTarget", "val", "A_Const", "ival", "fval", "sval", "boolval", "bsval", "Integer", "Float",
        "String", "Boolean", "BitString", "ParamRef", "BoolExpr", "NullTest", "arg", "BooleanTest", "List",
    };

    public static TreeScan Of(JsonElement body)
    {
        var scan = new TreeScan();
        Walk(body, scan.Visit);
        return scan;
    }

    /// <summary>Visits every node below <paramref name="root"/> (name and body), in the order they appear in the statement.</summary>
    private static void Walk(JsonElement root, Action<string, JsonElement> visit)
    {
        var pending = new Stack<JsonElement>();
        pending.Push(root);
        var children = new List<JsonElement>();
        while (pending.Count > 0)
        {
            var element = pending.Pop();
            children.Clear();
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.Object)
                    {
                        visit(property.Name, property.Value);
                    }

                    children.Add(property.Value);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                children.AddRange(element.EnumerateArray());
            }

            // Reversed, so findings come out in the order they appear in the statement.
            for (var i = children.Count - 1; i >= 0; i--)
            {
                if (children[i].ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    pending.Push(children[i]);
                }
            }
        }
    }

    /// <summary>
    /// True when a DELETE or UPDATE has no WHERE clause, or one that names no column (WHERE true, WHERE 1 = 1,
    /// WHERE NOT false): such a condition is the same for every row, so it picks all of them. A MERGE likewise when
    /// its ON names no column and a WHEN MATCHED … DELETE or UPDATE has no condition that names one.
    /// </summary>
    public static bool AffectsAllRows(string nodeType, JsonElement body) => nodeType switch
    {
        "DeleteStmt" or "UpdateStmt" => !NamesAColumn(ParseTree.Field(body, "whereClause")),
        "MergeStmt" => !NamesAColumn(ParseTree.Field(body, "joinCondition"))
            && ParseTree.Items(body, "mergeWhenClauses").Any(clause =>
                ParseTree.TryNode(clause, out _, out var when)
                && ParseTree.Flag(when, "matched")
                && ParseTree.Text(when, "commandType") is "CMD_DELETE" or "CMD_UPDATE"
                && !NamesAColumn(ParseTree.Field(when, "condition"))),
        _ => false,
    };

    private static bool NamesAColumn(JsonElement condition)
    {
        var found = false;
        Walk(condition, (name, _) => found |= name == "ColumnRef");
        return found;
    }

    public static string ModificationCommand(string nodeType) => nodeType switch
    {
        "InsertStmt" => "INSERT",
        "UpdateStmt" => "UPDATE",
        "DeleteStmt" => "DELETE",
        _ => "MERGE",
    };

    private void Visit(string name, JsonElement body)
    {
        OnlyConstants &= ConstantNodes.Contains(name);
        switch (name)
        {
            case "FuncCall":
                AddOnce(Functions, Qualified(ParseTree.Names(ParseTree.Field(body, "funcname"))));
                break;
            case "InsertStmt" or "UpdateStmt" or "DeleteStmt" or "MergeStmt":
                Modifications.Add(new NestedModification(
                    ModificationCommand(name), ParseTree.Relation(ParseTree.Field(body, "relation")), AffectsAllRows(name, body)));
                AddOnce(WriteTargets, RelationName(ParseTree.Field(body, "relation")));
                break;
            case "CopyStmt" when ParseTree.Flag(body, "is_from"):
                AddOnce(WriteTargets, RelationName(ParseTree.Field(body, "relation")));
                break;
            case "VacuumRelation" or "ReindexStmt":
                // ANALYZE evaluates the table's index and statistics expressions, a rebuild its index expressions. The
                // relation is a bare field here, not a RangeVar node, so it is named as read too.
                AddOnce(Relations, RelationName(ParseTree.Field(body, "relation")));
                AddOnce(WriteTargets, RelationName(ParseTree.Field(body, "relation")));
                break;
            case "A_Expr":
                AddOnce(Operators, Qualified(ParseTree.Names(ParseTree.Field(body, "name"))));
                break;
            case "RangeVar" when ParseTree.Text(body, "relname") is { } relation:
                AddOnce(Relations, new SqlName(ParseTree.Text(body, "schemaname"), relation));
                break;
            case "ParamRef" when body.TryGetProperty("number", out var number) && number.ValueKind == JsonValueKind.Number:
                ParameterCount = Math.Max(ParameterCount, number.GetInt32());
                break;
            case "LockingClause":
                Locks.Add(ParseTree.Text(body, "strength") switch
                {
                    "LCS_FORKEYSHARE" => "FOR KEY SHARE",
                    "LCS_FORSHARE" => "FOR SHARE",
                    "LCS_FORNOKEYUPDATE" => "FOR NO KEY UPDATE",
                    _ => "FOR UPDATE",
                });
                break;
        }
    }

    private static SqlName? RelationName(System.Text.Json.JsonElement rangeVar) =>
        ParseTree.Text(rangeVar, "relname") is { } relation ? new SqlName(ParseTree.Text(rangeVar, "schemaname"), relation) : null;

    private static SqlName? Qualified(List<string> names) =>
        names.Count == 0 ? null : new SqlName(names.Count > 1 ? string.Join('.', names.Take(names.Count - 1)) : null, names[^1]);

    private static void AddOnce(List<SqlName> list, SqlName? item)
    {
        if (item is not null && !list.Contains(item))
        {
            list.Add(item);
        }
    }
}
