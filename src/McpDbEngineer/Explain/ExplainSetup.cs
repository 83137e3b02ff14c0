using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace McpDbEngineer.Explain;

/// <summary>The explain area: explain_query and the explainer behind it.</summary>
public static class ExplainSetup
{
    public static IMcpServerBuilder AddExplainTools(this IMcpServerBuilder builder, JsonSerializerOptions json)
    {
        builder.Services.AddSingleton<QueryExplainer>();
        return builder.WithTools<ExplainTools>(json);
    }
}
