using McpDbEngineer.Explain;
using McpDbEngineer.Safety;
using McpDbEngineer.Safety.Guard;

namespace McpDbEngineer.Tests.Explain;

/// <summary>Calls of the explain service as the tool makes them, with a request of no particular client.</summary>
internal static class ExplainerCalls
{
    public static Task<string> ExplainAsync(this QueryExplainer explainer, string sql, ExplainOptions options, CancellationToken cancellationToken) =>
        explainer.ExplainAsync(new SqlRequest("explain_query", sql, SqlIntent.Explain), options, cancellationToken);
}
