using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace McpDbEngineer.Indexes;

/// <summary>The index area: recommend_indexes and the advisor behind it.</summary>
public static class IndexSetup
{
    public static IMcpServerBuilder AddIndexTools(this IMcpServerBuilder builder, JsonSerializerOptions json)
    {
        builder.Services.AddSingleton<IndexAdvisor>();
        return builder.WithTools<IndexTools>(json);
    }
}
