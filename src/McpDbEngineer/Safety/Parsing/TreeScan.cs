using System.Text.Json;

namespace McpDbEngineer.Safety.Parsing;

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

    public List<FunctionReference> Functions { get; } = [];

    public List<NestedModification> Modifications { get; } = [];

    /// <summary>Row-locking clauses found ("FOR UPDATE", "FOR KEY SHARE"…).</summary>
    public List<string> Locks { get; } = [];

    public static TreeScan Of(JsonElement body)
    {
        var scan = new TreeScan();
        var pending = new Stack<JsonElement>();
        pending.Push(body);
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
                        scan.Visit(property.Name, property.Value);
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

        return scan;
    }

    /// <summary>True when a DELETE or UPDATE body has no WHERE clause, or one that is the constant true.</summary>
    public static bool AffectsAllRows(string nodeType, JsonElement body)
    {
        if (nodeType is not ("DeleteStmt" or "UpdateStmt"))
        {
            return false;
        }

        var where = ParseTree.Field(body, "whereClause");
        if (where.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        return ParseTree.TryNode(where, out var type, out var constant) && type == "A_Const"
            && ParseTree.Field(constant, "boolval") is { ValueKind: JsonValueKind.Object } boolean
            && ParseTree.Flag(boolean, "boolval");
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
        switch (name)
        {
            case "FuncCall":
                var names = ParseTree.Names(ParseTree.Field(body, "funcname"));
                if (names.Count > 0)
                {
                    var function = new FunctionReference(names.Count > 1 ? string.Join('.', names.Take(names.Count - 1)) : null, names[^1]);
                    if (!Functions.Contains(function))
                    {
                        Functions.Add(function);
                    }
                }

                break;
            case "InsertStmt" or "UpdateStmt" or "DeleteStmt" or "MergeStmt":
                Modifications.Add(new NestedModification(
                    ModificationCommand(name), ParseTree.Relation(ParseTree.Field(body, "relation")), AffectsAllRows(name, body)));
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
}
