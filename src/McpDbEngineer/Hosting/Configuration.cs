using Microsoft.Extensions.Configuration;
using McpDbEngineer.Database;
using McpDbEngineer.Memory;

namespace McpDbEngineer.Hosting;

/// <summary>Settings from, in rising precedence: appsettings.json beside the program, environment, command line.</summary>
public static class Configuration
{
    public const string EnvironmentPrefix = "MCPDB_";

    public static IConfigurationRoot Build(IReadOnlyDictionary<string, string?> commandLine)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables(EnvironmentPrefix);

        // DATABASE_URL is the convention of Heroku, Supabase, Neon and most tooling: honour it as is.
        var databaseUrl = Environment.GetEnvironmentVariable("DATABASE_URL");
        if (!string.IsNullOrWhiteSpace(databaseUrl))
        {
            builder.AddInMemoryCollection([new($"{DatabaseOptions.Section}:ConnectionString", databaseUrl)]);
        }

        var memoryUrl = Environment.GetEnvironmentVariable("MEMORY_DATABASE_URL");
        if (!string.IsNullOrWhiteSpace(memoryUrl))
        {
            builder.AddInMemoryCollection([new($"{MemoryOptions.Section}:ConnectionString", memoryUrl)]);
        }

        return builder.AddInMemoryCollection(commandLine).Build();
    }
}
