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
}

/// <summary>One problem in a plan: what, where, the numbers behind it and what to try.</summary>
/// <param name="Kind">One of <see cref="FindingKinds"/>.</param>
/// <param name="Subject">The table (schema.table) or the plan node it is about.</param>
public sealed record PlanFinding(string Kind, string Subject, string Evidence, string Action)
{
    public override string ToString() => $"{Kind} {Subject}: {Evidence}\n  → {Action}";
}
