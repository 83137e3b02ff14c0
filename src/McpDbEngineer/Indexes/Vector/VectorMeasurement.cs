namespace McpDbEngineer.Indexes.Vector;

/// <summary>One index built on the shadow's sample: its definition, build time and size.</summary>
public sealed record VectorBuild(string Method, string Definition, double Seconds, long Bytes);

/// <summary>One search setting tried on a built index: recall@k against exact search and the latency of the queries.</summary>
/// <param name="Setting">hnsw.ef_search or ivfflat.probes.</param>
public sealed record VectorTrial(string Method, string Setting, int Value, double Recall, double P50Ms, double P95Ms);

/// <summary>What measuring on the shadow found.</summary>
/// <param name="QuerySource">"held-out rows" or "given".</param>
public sealed record VectorMeasurement(
    string Shadow,
    long SampleRows,
    int Queries,
    string QuerySource,
    int K,
    double ExactP50Ms,
    double ExactP95Ms,
    IReadOnlyList<VectorBuild> Builds,
    IReadOnlyList<VectorTrial> Trials)
{
    /// <summary>The cheapest setting of <paramref name="method"/> that reaches <paramref name="recall"/>, or null.</summary>
    public VectorTrial? Meeting(string method, double recall) =>
        Trials.Where(t => t.Method == method && t.Recall >= recall).MinBy(t => t.Value);
}

/// <summary>A step of a measurement, for MCP progress notifications.</summary>
public sealed record VectorProgress(int Done, int Total, string Message);
