using McpDbEngineer.Plans;
using McpDbEngineer.Sql;

namespace McpDbEngineer.Indexes;

/// <summary>
/// Every index a plan could use, read from its nodes: the scan's own candidate (<see cref="IndexCandidates.ForScan"/>)
/// and the same without its INCLUDE columns, the join keys of each side, GROUP BY keys in order, and BRIN for range
/// conditions on a column whose rows lie in its order. Pure; the advisor proves them with hypopg.
/// </summary>
public static class PlanCandidates
{
    /// <summary>Below this many rows a BRIN index summarises too few blocks to skip any.</summary>
    public const double BrinMinRows = 100_000;

    private static readonly string[] RangeOperators = ["<", ">", "<=", ">="];

    /// <summary>The table as it is written in SQL: schema.table, each quoted when it must be.</summary>
    public static string TableOf(PlanNode scan) => $"{Identifiers.AsPrinted(scan.Schema!)}.{Identifiers.AsPrinted(scan.Relation!)}";

    /// <param name="correlated">For a table (as <see cref="TableOf"/> writes it) its row count and the columns stored in their own order.</param>
    public static IEnumerable<IndexCandidate> From(ExplainPlan plan, Func<string, (double Rows, IReadOnlySet<string> Correlated)?> correlated)
    {
        var found = new List<IndexCandidate>();
        Visit(plan.Root, [], found, correlated);
        return found.DistinctBy(c => c.Sql);
    }

    private static void Visit(PlanNode node, List<PlanNode> above, List<IndexCandidate> found, Func<string, (double Rows, IReadOnlySet<string> Correlated)?> correlated)
    {
        if (node is { Relation: not null, Schema: not null, Alias: not null } && node.NodeType.EndsWith("Scan", StringComparison.Ordinal))
        {
            Scan(node, above, found, correlated);
        }

        if (node.NodeType is "Hash Join" or "Merge Join" or "Nested Loop")
        {
            var condition = string.Join(" AND ", node.Conditions.Where(c => c.Key is "Hash Cond" or "Merge Cond" or "Join Filter").Select(c => c.Value));
            foreach (var scan in node.DescendantsAndSelf().Where(n => n is { Relation: not null, Schema: not null, Alias: not null }))
            {
                var keys = ConditionColumns.JoinKeys(condition, scan.Alias!);
                if (keys.Count > 0)
                {
                    found.Add(new IndexCandidate(TableOf(scan), keys.Take(IndexCandidates.MaxKeys).Select(k => k.Sql).ToList(), [], null));
                }
            }
        }

        if (node.GroupKey.Count > 0 && node.DescendantsAndSelf().Where(n => n.Relation is not null).ToList() is [{ Schema: not null, Alias: not null } only]
            && node.GroupKey.All(k => ConditionColumns.Mentions(k, only.Alias!)))
        {
            found.Add(new IndexCandidate(TableOf(only), node.GroupKey.Take(IndexCandidates.MaxKeys).Select(k => IndexCandidates.Key(k, only.Alias!)).ToList(), [], null));
        }

        above.Add(node);
        foreach (var child in node.Children)
        {
            Visit(child, above, found, correlated);
        }

        above.RemoveAt(above.Count - 1);
    }

    private static void Scan(PlanNode scan, List<PlanNode> above, List<IndexCandidate> found, Func<string, (double Rows, IReadOnlySet<string> Correlated)?> correlated)
    {
        var table = TableOf(scan);
        var conditions = scan.Conditions.Where(c => c.Key is "Filter" or "Index Cond" or "Recheck Cond").Select(c => c.Value).ToList();
        if (IndexCandidates.ForScan(table, scan.Alias!, conditions, SortKeysFor(above), scan.Output) is { } candidate)
        {
            found.Add(candidate);
            if (candidate.Include.Count > 0)
            {
                found.Add(candidate with { Include = [] });
            }
        }

        if (correlated(table) is { Rows: >= BrinMinRows } facts)
        {
            var ranges = conditions.SelectMany(ConditionText.Conjuncts)
                .Where(c => ConditionText.Split(c) is { } comparison && RangeOperators.Contains(comparison.Operator))
                .Select(c => IndexCandidates.Operand(c, scan.Alias!))
                .Where(k => k is not null && facts.Correlated.Contains(k));
            found.AddRange(ranges.Distinct().Select(k => new IndexCandidate(table, [k!], [], null) { Method = "brin" }));
        }
    }

    /// <summary>The sort keys a LIMIT reads in order from this scan: a Sort right above it (through Gathers) under a Limit.</summary>
    private static IReadOnlyList<string> SortKeysFor(List<PlanNode> above)
    {
        for (var i = above.Count - 1; i >= 0; i--)
        {
            switch (above[i].NodeType)
            {
                case "Gather" or "Gather Merge" or "Incremental Sort":
                    continue;
                case "Sort":
                    return above.Take(i).Any(n => n.NodeType == "Limit") ? above[i].SortKey : [];
                default:
                    return [];
            }
        }

        return [];
    }
}
