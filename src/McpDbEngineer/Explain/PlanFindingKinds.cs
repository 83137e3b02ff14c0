namespace McpDbEngineer.Explain;

/// <summary>Stable names of the problems <see cref="PlanAnalyzer"/> looks for, as they appear in answers.</summary>
public static class FindingKinds
{
    public const string SelectiveSeqScan = "selective_seq_scan";
    public const string UnindexedJoinKey = "unindexed_join_key";
    public const string LargeNestedLoop = "large_nested_loop";
    public const string Misestimate = "misestimate";
    public const string DiskSpill = "disk_spill";
    public const string HeapFetches = "heap_fetches";
    public const string JitOverhead = "jit_overhead";
    public const string StaleStatistics = "stale_statistics";
    public const string SortForLimit = "sort_for_limit";
    public const string VectorExactScan = "vector_exact_scan";
}
