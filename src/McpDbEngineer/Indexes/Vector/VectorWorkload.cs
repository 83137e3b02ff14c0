using System.Text.Json;
using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Indexes.Vector;

/// <summary>
/// Reads statements with PostgreSQL's parser for what they do with one vector column: the distance operators applied
/// to it (directly or through a cast, as in ORDER BY embedding &lt;=&gt; $1) and the other columns their WHERE filters
/// on. Statements that do not parse, or do not apply a distance to the column, are left out.
/// </summary>
public static class VectorWorkload
{
    public static (IReadOnlyList<OperatorUse> Operators, IReadOnlyList<string> Filters) Read(IEnumerable<(string Query, long Calls)> statements, string column)
    {
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        var filters = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (query, count) in statements)
        {
            using var parsed = PgQuery.Parse(query);
            if (parsed.Tree is null)
            {
                continue;
            }

            var operators = new HashSet<string>(StringComparer.Ordinal);
            foreach (var select in Nodes(parsed.Tree.RootElement, "SelectStmt"))
            {
                var applied = Nodes(select, "A_Expr").Select(e => DistanceOn(e, column)).OfType<string>().ToList();
                if (applied.Count == 0)
                {
                    continue;
                }

                operators.UnionWith(applied);
                foreach (var reference in Nodes(ParseTree.Field(select, "whereClause"), "ColumnRef"))
                {
                    if (ParseTree.Names(ParseTree.Field(reference, "fields")) is { Count: > 0 } names && names[^1] != column)
                    {
                        filters.Add(names[^1]);
                    }
                }
            }

            // A statement counts its calls once per distance, however many of its subqueries apply it.
            foreach (var op in operators)
            {
                calls[op] = calls.GetValueOrDefault(op) + count;
            }
        }

        return (calls.OrderByDescending(c => c.Value).Select(c => new OperatorUse(c.Key, c.Value)).ToList(), filters.ToList());
    }

    /// <summary>The operator of a distance expression with the column on one side, or null.</summary>
    private static string? DistanceOn(JsonElement expression, string column)
    {
        var names = ParseTree.Names(ParseTree.Field(expression, "name"));
        if (names.Count == 0 || VectorDistance.ByOperator(names[^1]) is null)
        {
            return null;
        }

        return IsColumn(ParseTree.Field(expression, "lexpr"), column) || IsColumn(ParseTree.Field(expression, "rexpr"), column) ? names[^1] : null;
    }

    private static bool IsColumn(JsonElement node, string column)
    {
        if (!ParseTree.TryNode(node, out var type, out var body))
        {
            return false;
        }

        return type switch
        {
            "ColumnRef" => ParseTree.Names(ParseTree.Field(body, "fields")) is { Count: > 0 } names && names[^1] == column,
            "TypeCast" => IsColumn(ParseTree.Field(body, "arg"), column),
            _ => false,
        };
    }

    /// <summary>The bodies of every node of <paramref name="type"/> under <paramref name="element"/>, itself included.</summary>
    private static IEnumerable<JsonElement> Nodes(JsonElement element, string type)
    {
        var pending = new Stack<JsonElement>();
        pending.Push(element);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in current.EnumerateObject())
                {
                    if (property.Name == type && property.Value.ValueKind == JsonValueKind.Object)
                    {
                        yield return property.Value;
                    }

                    pending.Push(property.Value);
                }
            }
            else if (current.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in current.EnumerateArray())
                {
                    pending.Push(item);
                }
            }
        }
    }
}
