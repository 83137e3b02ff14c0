using System.Runtime.InteropServices;
using McpDbEngineer.Database;
using McpDbEngineer.Safety;
using McpDbEngineer.Safety.Guard;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Hosting;

/// <summary>The stdio transport: stdout carries protocol messages only, every log line goes to stderr.</summary>
public static class StdioServer
{
    public static async Task<int> RunAsync(IConfigurationRoot configuration)
    {
        // No generic Host: building it (environment, lifetime, hosted services) took a quarter of the time to the
        // first answer, and a stdio server needs none of it. It ends when the client closes stdin, or on a signal.
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.AddConfiguration(configuration.GetSection("Logging"));
            logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddFilter("Microsoft", LogLevel.Warning);
            logging.AddFilter("ModelContextProtocol", LogLevel.Warning);
        });
        // The longest an answer can take: a statement at its time limit, plus the time to write the answer.
        var answerLimit = TimeSpan.FromSeconds((configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions()).CommandTimeoutSeconds + 10);
        var ledger = new MessageLedger();
        services.AddDbEngineer(configuration)
            .AddMcpServer()
            .WithMessageFilters(filters => filters.AddIncomingFilter(ledger.Filter))
            .WithStreamServerTransport(new DrainingInput(Console.OpenStandardInput(), ledger, answerLimit), Console.OpenStandardOutput());

        await using var provider = services.BuildServiceProvider();
        using var shutdown = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        provider.GetRequiredService<ConnectionRisk>().Warm();
        try
        {
            await provider.GetRequiredService<McpServer>().RunAsync(shutdown.Token);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // a signal asked us to stop: disposing the provider closes the database connections
        }

        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            shutdown.Cancel();
        }
    }
}
