namespace McpDbEngineer.Indexes.Vector;

/// <summary>One reason behind the advice, with the pgvector documentation it rests on.</summary>
/// <param name="Source">"pgvector README, HNSW &gt; Index Options".</param>
public sealed record VectorRule(string Id, string Text, string Source);

/// <summary>HNSW build options and the search setting to start from.</summary>
public sealed record HnswParameters(int M, int EfConstruction, int EfSearch);

/// <summary>IVFFlat build option and the search setting to start from.</summary>
public sealed record IvfflatParameters(int Lists, int Probes);

/// <summary>What building the index on the target would take (an estimate: see <see cref="VectorIndexPolicy"/>).</summary>
/// <param name="Workers">Parallel maintenance workers to ask for (besides the leader); 0 for a serial build.</param>
public sealed record BuildEstimate(long MemoryBytes, double Seconds, bool FitsMaintenanceWorkMem, int Workers);

/// <summary>
/// The decision for one column: no index, HNSW or IVFFlat, what it indexes (the column, or the column cast to halfvec, or
/// its binary quantization), the parameters, the build estimate, the settings for the session that searches, the
/// DDL to run, and every rule that led there.
/// </summary>
/// <param name="Method">none, hnsw or ivfflat.</param>
/// <param name="IndexExpression">What the index keys: embedding, (embedding::halfvec(3072)), (binary_quantize(embedding)::bit(3072)).</param>
/// <param name="OrderBy">The ORDER BY the queries must write to use the index ($1 is the query vector).</param>
public sealed record VectorIndexPlan(
    string Method,
    VectorDistance Distance,
    string? OperatorClass,
    string IndexExpression,
    string OrderBy,
    HnswParameters? Hnsw,
    IvfflatParameters? Ivfflat,
    BuildEstimate? Build,
    string? CreateIndex,
    IReadOnlyList<string> SearchSettings,
    IReadOnlyList<VectorRule> Rules);
