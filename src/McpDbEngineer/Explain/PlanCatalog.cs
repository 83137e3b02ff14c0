using McpDbEngineer.Plans;

namespace McpDbEngineer.Explain;

/// <summary>What the catalog says about one table a plan reads.</summary>
/// <param name="Rows">pg_class.reltuples; null when the table was never analyzed.</param>
/// <param name="IndexedLeadingColumns">Columns that are the first key of some valid index (an index can look them up).</param>
/// <param name="PartitionRoot">For a partition, the partitioned table (schema.table) to create indexes on: they cascade to every partition.</param>
/// <param name="Statistics">How fresh the planner's statistics of the table are; null when unknown.</param>
public sealed record TableFacts(
    string Schema, string Name, double? Rows, IReadOnlySet<string> IndexedLeadingColumns, string? PartitionRoot = null, StatisticsAge? Statistics = null);

/// <summary>When the table was last analyzed (null: never) and how many rows changed since, from pg_stat_all_tables.</summary>
public sealed record StatisticsAge(DateTime? LastAnalyzed, double ModifiedSinceAnalyze, double LiveRows);

/// <summary>Catalog facts the findings need beyond the plan itself: table sizes, indexes and the memory limits.</summary>
public sealed class PlanCatalog
{
    public static PlanCatalog Empty { get; } = new();

    public IReadOnlyList<TableFacts> Tables { get; init; } = [];

    /// <summary>work_mem in kB; null when unknown.</summary>
    public double? WorkMemKb { get; init; }

    public double HashMemMultiplier { get; init; } = 2;

    /// <summary>Facts for the table a node reads; a plan without VERBOSE has no schema, so the name alone must be unique.</summary>
    public TableFacts? Find(PlanNode node)
    {
        if (node.Relation is null)
        {
            return null;
        }

        var matches = Tables.Where(t => t.Name == node.Relation && (node.Schema is null || t.Schema == node.Schema)).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }
}
