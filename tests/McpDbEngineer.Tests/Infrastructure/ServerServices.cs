using McpDbEngineer.Database;
using McpDbEngineer.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpDbEngineer.Tests.Infrastructure;

/// <summary>The server's real service graph pointed at a test database, for integration tests of the services.</summary>
public sealed class ServerServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public ServerServices(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            [$"{DatabaseOptions.Section}:ConnectionString"] = connectionString,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddDbEngineer(configuration);
        _provider = services.BuildServiceProvider();
    }

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
