using Npgsql;

namespace McpDbEngineer.Database;

/// <summary>
/// The resolved data source, built on first use: the embedded sandbox may need to start first,
/// and nothing may touch the database before the MCP handshake is answered.
/// </summary>
public sealed class DatabaseTarget(Func<CancellationToken, Task<NpgsqlDataSource>> create) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private Task<NpgsqlDataSource>? _dataSource;

    /// <summary>Starts resolving in the background (the sandbox takes a moment to start).</summary>
    public void Warm() => _ = Resolve().ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);

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
