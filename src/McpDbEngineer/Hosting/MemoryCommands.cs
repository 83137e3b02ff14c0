using McpDbEngineer.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpDbEngineer.Hosting;

/// <summary>`mcp-db-engineer memory …`: the memory service outside a session, with the server's own composition.</summary>
public static class MemoryCommands
{
    public static async Task<int> ReembedAsync(IConfigurationRoot configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
        services.AddDbEngineer(configuration);
        await using var provider = services.BuildServiceProvider();
        try
        {
            var (count, where, model) = await provider.GetRequiredService<MemoryService>().ReembedAsync(CancellationToken.None);
            Console.WriteLine($"re-embedded {count} memories with {model} in {where}");
            return 0;
        }
        catch (ToolException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }
}
