using System.Text.Json;
using McpDbEngineer.Catalog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace McpDbEngineer.Memory;

/// <summary>The memory area: its tools, its resources, its store and the notes it adds to describe_table.</summary>
public static class MemorySetup
{
    public static IMcpServerBuilder AddMemoryTools(this IMcpServerBuilder builder, IConfiguration configuration, JsonSerializerOptions json)
    {
        builder.Services.AddMemoryServices(configuration);
        builder.Services.AddSingleton<IObjectNotes, MemoryNotes>();
        return builder.WithTools<MemoryTools>(json).WithResources<MemoryResources>();
    }

    /// <summary>The services without MCP, for the memory CLI commands.</summary>
    public static IServiceCollection AddMemoryServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MemoryOptions>(configuration.GetSection(MemoryOptions.Section));
        services.AddSingleton<MemoryEmbeddings>();
        services.AddSingleton<MemoryStore>();
        services.AddSingleton<MemoryService>();
        return services;
    }
}
