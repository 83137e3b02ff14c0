using System.Text.Json;
using McpDbEngineer.Indexes.Vector;
using McpDbEngineer.Shadow;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace McpDbEngineer.Indexes;

/// <summary>The index area: recommend_indexes, review_indexes and recommend_vector_index, and the services behind them (GIN candidates and vector indexes are tried on shadow databases).</summary>
public static class IndexSetup
{
    public static IMcpServerBuilder AddIndexTools(this IMcpServerBuilder builder, IConfiguration configuration, JsonSerializerOptions json)
    {
        builder.Services.AddShadowDatabases(configuration);
        builder.Services.AddSingleton<ShadowIndexTrials>();
        builder.Services.AddSingleton<IndexAdvisor>();
        builder.Services.AddSingleton<IndexReview>();
        builder.Services.AddSingleton<VectorMeasurer>();
        builder.Services.AddSingleton<VectorIndexAdvisor>();
        return builder.WithTools<IndexTools>(json).WithTools<VectorIndexTools>(json);
    }
}
