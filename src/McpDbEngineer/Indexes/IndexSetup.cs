using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace McpDbEngineer.Indexes;

/// <summary>The index area: recommend_indexes and review_indexes, and the services behind them.</summary>
public static class IndexSetup
{
    public static IMcpServerBuilder AddIndexTools(this IMcpServerBuilder builder, JsonSerializerOptions json)
    {
        builder.Services.AddSingleton<IndexAdvisor>();
        builder.Services.AddSingleton<IndexReview>();
        return builder.WithTools<IndexTools>(json);
    }
}
