using McpDbEngineer.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpDbEngineer.Hosting;

/// <summary>The stdio transport: stdout carries protocol messages only, every log line goes to stderr.</summary>
public static class StdioServer
{
    public static async Task<int> RunAsync(IConfigurationRoot configuration)
    {
        // The empty builder skips default configuration and logging providers we do not use: start-up time matters.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Configuration = (ConfigurationManager?)null });
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("ModelContextProtocol", LogLevel.Warning);
        builder.Services.AddDbEngineer(configuration).AddMcpServer().WithStdioServerTransport();

        using var host = builder.Build();
        host.Services.GetRequiredService<DatabaseTarget>().Warm();
        await host.RunAsync();
        return 0;
    }
}
