using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpDbEngineer.Shadow;

/// <summary>The shadow databases service, for every area that needs one (rehearsals, vector index measurements).</summary>
public static class ShadowSetup
{
    public static IServiceCollection AddShadowDatabases(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ShadowOptions>(configuration.GetSection(ShadowOptions.Section));
        services.TryAddSingleton<ShadowDatabases>();
        return services;
    }
}
