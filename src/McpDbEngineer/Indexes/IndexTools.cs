using System.ComponentModel;
using McpDbEngineer.Safety.Approval;
using McpDbEngineer.Safety.Guard;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Indexes;

/// <summary>MCP adapters for index advice: bind arguments, call <see cref="IndexAdvisor"/> or <see cref="IndexReview"/>, write the answer.</summary>
[McpServerToolType]
public sealed class IndexTools(IndexAdvisor advisor, IndexReview review)
{
    [McpServerTool(Name = "recommend_indexes", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Indexes for queries or the pg_stat_statements workload, proven with hypopg, GIN on a shadow copy (none built here).")]
    public async Task<string> RecommendIndexes(
        McpServer server,
        [Description("Queries ($n ok); none: workload.")] string[]? queries = null,
        [Description("Max indexes.")] int max_indexes = 5,
        [Description("Size budget, MB.")] double size_budget_mb = 1024,
        [Description("Min cost cut, %.")] double min_gain_percent = 1,
        [Description("Workload size.")] int workload_top = 20,
        CancellationToken cancellationToken = default)
    {
        var request = new IndexAdviceRequest
        {
            Queries = queries ?? [], MaxIndexes = max_indexes, SizeBudgetMb = size_budget_mb, MinGainPercent = min_gain_percent, WorkloadTop = workload_top,
        };
        var advice = await advisor.RecommendAsync(request, sql => server.SqlRequest("recommend_indexes", sql, SqlIntent.ExplainEach), cancellationToken);
        return IndexAdviceWriter.Write(advice);
    }

    [McpServerTool(Name = "review_indexes", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Index hygiene: unused, duplicate, invalid, bloated, low-selectivity indexes, unindexed FKs; with fix DDL.")]
    public async Task<string> ReviewIndexes(
        [Description("Only this schema.")] string? schema = null,
        [Description("Only this table.")] string? table = null,
        CancellationToken cancellationToken = default) =>
        IndexReviewWriter.Write(await review.ReviewAsync(schema, table, cancellationToken));
}
