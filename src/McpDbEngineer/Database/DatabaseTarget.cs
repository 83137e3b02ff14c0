using Microsoft.Extensions.Logging;
using Npgsql;

namespace McpDbEngineer.Database;

/// <summary>
/// The resolved data source, built on first use: the embedded sandbox may need to start first,
/// and nothing may touch the database before the MCP handshake is answered.
/// </summary>
public sealed class DatabaseTarget(Func<CancellationToken, Task<NpgsqlDataSource>> create, ILogger logger) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private Task<NpgsqlDataSource>? _dataSource;

    /// <summary>
    /// Starts resolving in the background (the sandbox takes a moment to start) and tries one connection,
    /// so that a database that is down is reported on stderr at once rather than at the first tool call.
    /// </summary>
    /// <param name="probe">Work for that first connection (one connection at start, not two), or none.</param>
    public Task Warm(Func<NpgsqlConnection, Task>? probe = null) => Task.Run(() => ProbeAsync(probe));

    private async Task ProbeAsync(Func<NpgsqlConnection, Task>? probe)
    {
        try
        {
            var dataSource = await Resolve();
            await using var connection = await dataSource.OpenConnectionAsync();
            if (probe is not null)
            {
                await probe(connection);
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(
                "The database is not reachable yet: {Message}. Tools will say so until it is; the server reconnects by itself when it is back.",
                e.InnerException?.Message ?? e.Message);
        }
    }

    public Task<NpgsqlDataSource> GetAsync(CancellationToken cancellationToken) => Resolve().WaitAsync(cancellationToken);

    private Task<NpgsqlDataSource> Resolve()
    {
        lock (_gate)
        {
            // A failed start (sandbox could not start) is retried on the next call rather than cached forever.
            if (_dataSource is null || _dataSource.IsFaulted || _dataSource.IsCanceled)
            {
                _dataSource = Task.Run(() => create(CancellationToken.None));
            }

            return _dataSource;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task<NpgsqlDataSource>? dataSource;
        lock (_gate)
        {
            dataSource = _dataSource;
        }

        if (dataSource is { IsCompletedSuccessfully: true })
        {
            await dataSource.Result.DisposeAsync();
        }
    }
}
