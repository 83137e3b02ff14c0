using System.Text.Json;

namespace McpDbEngineer.Plans;

/// <summary>Block counts of EXPLAIN (BUFFERS); inclusive of the node's children, as PostgreSQL reports them.</summary>
public readonly record struct BufferCounts(long SharedHit, long SharedRead, long SharedDirtied, long SharedWritten, long TempRead, long TempWritten)
{
    public bool IsEmpty => this == default;

    public static BufferCounts operator -(BufferCounts a, BufferCounts b) => new(
        a.SharedHit - b.SharedHit, a.SharedRead - b.SharedRead, a.SharedDirtied - b.SharedDirtied,
        a.SharedWritten - b.SharedWritten, a.TempRead - b.TempRead, a.TempWritten - b.TempWritten);
}

/// <summary>
/// One node of an EXPLAIN (FORMAT JSON) plan, with the fields the tree and the findings use.
/// Row counts and times are per loop, as PostgreSQL reports them; buffers are totals over all loops.
/// </summary>
public sealed class PlanNode
{
    public required string NodeType { get; init; }

    public string? JoinType { get; init; }

    /// <summary>Aggregate / SetOp strategy: Plain, Sorted, Hashed, Mixed.</summary>
    public string? Strategy { get; init; }

    /// <summary>Partial or Finalize for parallel aggregates; Simple otherwise.</summary>
    public string? PartialMode { get; init; }

    /// <summary>Insert, Update, Delete or Merge for ModifyTable.</summary>
    public string? Operation { get; init; }

    public string? ScanDirection { get; init; }

    public string? ParentRelationship { get; init; }

    public string? SubplanName { get; init; }

    public bool ParallelAware { get; init; }

    public string? Schema { get; init; }

    public string? Relation { get; init; }

    public string? Alias { get; init; }

    public string? IndexName { get; init; }

    /// <summary>Function Scan's function, CTE Scan's CTE: what the node reads when it is not a table.</summary>
    public string? Source { get; init; }

    public double TotalCost { get; init; }

    public double PlanRows { get; init; }

    public int PlanWidth { get; init; }

    public double? ActualRows { get; init; }

    public double? ActualTotalTimeMs { get; init; }

    public double ActualLoops { get; init; }

    /// <summary>Filter, Index Cond, Hash Cond … in the order PostgreSQL lists them, label first.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Conditions { get; init; } = [];

    public double RowsRemovedByFilter { get; init; }

    public double RowsRemovedByJoinFilter { get; init; }

    public double RowsRemovedByIndexRecheck { get; init; }

    public double? HeapFetches { get; init; }

    public IReadOnlyList<string> SortKey { get; init; } = [];

    /// <summary>The expressions the node returns (EXPLAIN VERBOSE), alias-qualified.</summary>
    public IReadOnlyList<string> Output { get; init; } = [];

    public IReadOnlyList<string> GroupKey { get; init; } = [];

    public string? SortMethod { get; init; }

    public double? SortSpaceKb { get; init; }

    public string? SortSpaceType { get; init; }

    public double? HashBatches { get; init; }

    public double? OriginalHashBatches { get; init; }

    public double? PeakMemoryKb { get; init; }

    public double? HashAggBatches { get; init; }

    public double? DiskUsageKb { get; init; }

    public int? WorkersPlanned { get; init; }

    public int? WorkersLaunched { get; init; }

    public BufferCounts Buffers { get; init; }

    /// <summary>
    /// How many processes ran this node at once: below a Gather, its workers and the leader (the loops of the
    /// Gather's child); 1 elsewhere. Their loops overlap in time, so they are divided out of the node's time.
    /// </summary>
    public double ParallelProcesses { get; init; } = 1;

    public IReadOnlyList<PlanNode> Children { get; init; } = [];

    public bool Analyzed => ActualRows is not null;

    public bool NeverExecuted => Analyzed && ActualLoops == 0;

    /// <summary>Rows out over all loops: actual when analyzed, else the estimate.</summary>
    public double TotalRows => Analyzed ? ActualRows!.Value * ActualLoops : PlanRows;

    /// <summary>
    /// Time the query spent in this node, children included: per loop × loops, divided by the parallel processes
    /// that ran those loops side by side — so a node below a Gather never takes longer than the query.
    /// </summary>
    public double? TotalTimeMs => ActualTotalTimeMs * ActualLoops / ParallelProcesses;

    /// <summary>Time summed over every loop of every process (below a Gather: the workers' total, more than the query took).</summary>
    public double? ProcessTimeMs => ActualTotalTimeMs * ActualLoops;

    /// <summary>The buffers this node used itself, without its children's.</summary>
    public BufferCounts OwnBuffers => Children.Aggregate(Buffers, (own, child) => own - child.Buffers);

    public string? Condition(string label) => Conditions.FirstOrDefault(c => c.Key == label).Value;

    /// <summary>schema.table, or the table alone when the plan was not VERBOSE.</summary>
    public string? QualifiedRelation => Relation is null ? null : Schema is null ? Relation : $"{Schema}.{Relation}";

    /// <summary>The name PostgreSQL's text format gives the node: "Hash Left Join", "HashAggregate", "Index Scan Backward".</summary>
    public string Label
    {
        get
        {
            var label = NodeType switch
            {
                "Aggregate" => Strategy switch
                {
                    "Hashed" => "HashAggregate",
                    "Sorted" => "GroupAggregate",
                    "Mixed" => "MixedAggregate",
                    _ => "Aggregate",
                },
                "SetOp" when Strategy == "Hashed" => "HashSetOp",
                "ModifyTable" when Operation is not null => Operation,
                _ => NodeType,
            };
            if (JoinType is { } join && join != "Inner")
            {
                label = label.EndsWith(" Join", StringComparison.Ordinal) ? $"{label[..^5]} {join} Join" : $"{label} {join} Join";
            }

            if (PartialMode is "Partial" or "Finalize")
            {
                label = $"{PartialMode} {label}";
            }

            if (ParallelAware)
            {
                label = "Parallel " + label;
            }

            return ScanDirection == "Backward" ? label + " Backward" : label;
        }
    }

    /// <summary>The node named the way the tree names it: "Seq Scan on public.orders o", "Hash Join".</summary>
    public string Describe()
    {
        var target = QualifiedRelation ?? IndexName ?? Source;
        return target is null ? Label : $"{Label} on {target}" + (Alias is { } alias && alias != Relation && alias != Source ? " " + alias : "");
    }

    /// <summary>The node and all below it, parent before children.</summary>
    public IEnumerable<PlanNode> DescendantsAndSelf()
    {
        yield return this;
        foreach (var node in Children.SelectMany(c => c.DescendantsAndSelf()))
        {
            yield return node;
        }
    }

    private static readonly string[] ConditionLabels =
        ["Index Cond", "Recheck Cond", "TID Cond", "Hash Cond", "Merge Cond", "Join Filter", "Filter", "One-Time Filter"];

    public static PlanNode Parse(JsonElement node) => Parse(node, processes: 1);

    private static PlanNode Parse(JsonElement node, double processes)
    {
        var analyzed = node.TryGetProperty("Actual Loops", out _);
        var gather = String(node, "Node Type") is "Gather" or "Gather Merge";
        var children = node.TryGetProperty("Plans", out var plans)
            ? plans.EnumerateArray().Select(child => Parse(child, gather ? Math.Max(Number(child, "Actual Loops") ?? 1, 1) : processes)).ToList()
            : [];
        return new PlanNode
        {
            NodeType = String(node, "Node Type") ?? "?",
            JoinType = String(node, "Join Type"),
            Strategy = String(node, "Strategy"),
            PartialMode = String(node, "Partial Mode"),
            Operation = String(node, "Operation"),
            ScanDirection = String(node, "Scan Direction"),
            ParentRelationship = String(node, "Parent Relationship"),
            SubplanName = String(node, "Subplan Name"),
            ParallelAware = node.TryGetProperty("Parallel Aware", out var parallel) && parallel.ValueKind == JsonValueKind.True,
            Schema = String(node, "Schema"),
            Relation = String(node, "Relation Name"),
            Alias = String(node, "Alias"),
            IndexName = String(node, "Index Name"),
            Source = String(node, "Function Name") ?? String(node, "CTE Name") ?? String(node, "Table Function Name"),
            TotalCost = Number(node, "Total Cost") ?? 0,
            PlanRows = Number(node, "Plan Rows") ?? 0,
            PlanWidth = (int)(Number(node, "Plan Width") ?? 0),
            ActualRows = analyzed ? Number(node, "Actual Rows") ?? 0 : null,
            ActualTotalTimeMs = Number(node, "Actual Total Time"),
            ActualLoops = Number(node, "Actual Loops") ?? 0,
            Conditions = ConditionLabels
                .Select(label => new KeyValuePair<string, string>(label, String(node, label) ?? ""))
                .Where(c => c.Value.Length > 0)
                .ToList(),
            RowsRemovedByFilter = Number(node, "Rows Removed by Filter") ?? 0,
            RowsRemovedByJoinFilter = Number(node, "Rows Removed by Join Filter") ?? 0,
            RowsRemovedByIndexRecheck = Number(node, "Rows Removed by Index Recheck") ?? 0,
            HeapFetches = Number(node, "Heap Fetches"),
            SortKey = Strings(node, "Sort Key"),
            Output = Strings(node, "Output"),
            GroupKey = Strings(node, "Group Key"),
            SortMethod = String(node, "Sort Method"),
            SortSpaceKb = Number(node, "Sort Space Used"),
            SortSpaceType = String(node, "Sort Space Type"),
            HashBatches = Number(node, "Hash Batches"),
            OriginalHashBatches = Number(node, "Original Hash Batches"),
            PeakMemoryKb = Number(node, "Peak Memory Usage"),
            HashAggBatches = Number(node, "HashAgg Batches"),
            DiskUsageKb = Number(node, "Disk Usage"),
            WorkersPlanned = (int?)Number(node, "Workers Planned"),
            WorkersLaunched = (int?)Number(node, "Workers Launched"),
            Buffers = new BufferCounts(
                (long)(Number(node, "Shared Hit Blocks") ?? 0),
                (long)(Number(node, "Shared Read Blocks") ?? 0),
                (long)(Number(node, "Shared Dirtied Blocks") ?? 0),
                (long)(Number(node, "Shared Written Blocks") ?? 0),
                (long)(Number(node, "Temp Read Blocks") ?? 0),
                (long)(Number(node, "Temp Written Blocks") ?? 0)),
            ParallelProcesses = processes,
            Children = children,
        };
    }

    internal static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static IReadOnlyList<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : [];
}
