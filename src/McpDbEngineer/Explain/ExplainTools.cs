using System.ComponentModel;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Explain;

/// <summary>MCP adapter for query plans: bind arguments, call <see cref="QueryExplainer"/>.</summary>
[McpServerToolType]
public sealed class ExplainTools(QueryExplainer explainer)
{
    [McpServerTool(Name = QueryExplainer.ToolName, ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description(
        "Show how PostgreSQL runs one statement: the plan as a compact tree (rows estimated→actual, time, buffers) and findings " +
        "with the numbers behind them and a suggested fix (selective seq scans, join keys without an index, large nested loops, " +
        "misestimates, sorts/hashes spilling to disk, heap fetches, JIT overhead). Use it when a query is slow, before adding an " +
        "index, or to check a rewrite. Without analyze it only plans (cheap, nothing runs). analyze=true EXECUTES the statement and " +
        "takes as long as the query does; a write is executed and rolled back, and only where writes are allowed.")]
    public Task<string> ExplainQuery(
        [Description("The one statement to explain, as it would be run.")] string sql,
        [Description("Execute it to measure actual rows, time and loops (EXPLAIN ANALYZE). Costs a full run of the query.")] bool analyze = false,
        [Description("Add shared/temp block counts per node (EXPLAIN BUFFERS); most useful with analyze.")] bool buffers = false,
        [Description("List planner settings changed from their defaults (EXPLAIN SETTINGS).")] bool settings = false,
        [Description("CREATE INDEX statements to try without building them (hypopg): reports plan cost before→after per index and whether the planner uses it. Planning only: analyze is ignored.")] string[]? hypothetical_indexes = null,
        CancellationToken cancellationToken = default) =>
        explainer.ExplainAsync(
            sql,
            new ExplainOptions { Analyze = analyze, Buffers = buffers, Settings = settings, HypotheticalIndexes = hypothetical_indexes ?? [] },
            cancellationToken);
}
