using System.ComponentModel;
using McpDbEngineer.Safety;
using McpDbEngineer.Safety.Approval;
using McpDbEngineer.Safety.Guard;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Explain;

/// <summary>MCP adapter for query plans: bind arguments, call <see cref="QueryExplainer"/>.</summary>
[McpServerToolType]
public sealed class ExplainTools(QueryExplainer explainer)
{
    [McpServerTool(Name = "explain_query", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Plan of one statement as a compact tree plus findings with numbers and fixes; indexes proven with hypopg. analyze EXECUTES it (writes rolled back).")]
    public Task<string> ExplainQuery(
        McpServer server,
        [Description("One statement.")] string sql,
        [Description("Execute to measure.")] bool analyze = false,
        [Description("Block counts per node.")] bool buffers = false,
        [Description("Non-default planner settings.")] bool settings = false,
        [Description("CREATE INDEX statements to cost unbuilt (hypopg: btree, brin, hash).")] string[]? hypothetical_indexes = null,
        [Description("name=value for this call: work_mem, enable_*, *_cost, jit, parallel.")] string[]? planner_settings = null,
        CancellationToken cancellationToken = default) =>
        explainer.ExplainAsync(
            server.SqlRequest("explain_query", sql, SqlIntent.Explain),
            new ExplainOptions { Analyze = analyze, Buffers = buffers, Settings = settings, HypotheticalIndexes = hypothetical_indexes ?? [], PlannerSettings = planner_settings ?? [] },
            cancellationToken);
}
