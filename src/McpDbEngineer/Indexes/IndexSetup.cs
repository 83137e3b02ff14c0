using System.Text.Json;
using McpDbEngineer.Shadow;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace McpDbEngineer.Indexes;

/// <summary>The index area: recommend_indexes and review_indexes, and the services behind them (GIN candidates are proven on shadow databases).</summary>
public static class IndexSetup
{
    public static IMcpServerBuilder AddIndexTools(this IMcpServerBuilder builder, IConfiguration configuration, JsonSerializerOptions json)
    {
        builder.Services.AddShadowDatabases(configuration);
        builder.Services.AddSingleton<ShadowIndexTrials>();
        builder.Services.AddSingleton<IndexAdvisor>();
        builder.Services.AddSingleton<IndexReview>();
        return builder.WithTools<IndexTools>(json);
    }
}
