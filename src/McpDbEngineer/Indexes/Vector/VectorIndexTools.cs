using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Indexes.Vector;

/// <summary>MCP adapter for vector index advice: bind arguments, call <see cref="VectorIndexAdvisor"/>, relay its progress.</summary>
[McpServerToolType]
public sealed class VectorIndexTools(VectorIndexAdvisor advisor)
{
    // Not read-only for the MCP annotations' sake: measure creates and drops a scratch database (never touching the target).
    [McpServerTool(Name = "recommend_vector_index", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("pgvector index for a vector column: none, HNSW or IVFFlat, parameters, build cost, sources. measure: recall/latency on a shadow copy.")]
    public async Task<string> RecommendVectorIndex(
        [Description("Table (schema.table ok).")] string table,
        [Description("Vector column, if several.")] string? column = null,
        [Description("<->, <#>, <=> or <+>; default: the workload's.")] string? distance = null,
        [Description("Recall@k wanted.")] double target_recall = 0.95,
        [Description("p95 bound, ms (0: none).")] double latency_ms = 0,
        [Description("Neighbors per query.")] int k = 10,
        [Description("Build and measure on a shadow.")] bool measure = false,
        [Description("Rows to sample.")] int sample_rows = VectorIndexAdvisor.DefaultSampleRows,
        [Description("Queries as '[1,2,…]'; default: held-out rows.")] string[]? query_vectors = null,
        IProgress<ProgressNotificationValue>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var advice = await advisor.AdviseAsync(
            new VectorAdviceRequest(table, column, distance, target_recall, latency_ms, k, measure, sample_rows, query_vectors),
            progress is null ? null : new Progress<VectorProgress>(p => progress.Report(new ProgressNotificationValue { Progress = p.Done, Total = p.Total, Message = p.Message })),
            cancellationToken);
        return VectorAdviceWriter.Write(advice);
    }
}
