using McpDbEngineer.Database;
using McpDbEngineer.OwnSchema;
using McpDbEngineer.Safety;
using McpDbEngineer.Sandbox;
using McpDbEngineer.Sql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace McpDbEngineer.Memory;

/// <summary>The memory database once reached and migrated: how to run work on it, where it is, what it offers.</summary>
/// <param name="Where">Said in every memory answer ("memory database on the embedded local cluster 127.0.0.1:5433").</param>
/// <param name="Trigram">pg_trgm is installed there.</param>
public sealed record MemoryDatabase(DatabaseExecutor Executor, OwnSchemaMigrator Migrator, string Where, bool Trigram);

/// <summary>
/// Where decision memory lives, reached on first use (never at start): --memory-url / MEMORY_DATABASE_URL; else the
/// target in read-write mode; else a database on the embedded local cluster, so that a read-only target is never
/// written. Its schema is brought up to date by <see cref="OwnSchemaMigrator"/> over the memory database's own
/// <see cref="DatabaseExecutor"/> (own data source, own retry pipeline: a memory store that is down does not trip the
/// target's circuit breaker).
/// </summary>
public sealed class MemoryStore(
    DatabaseExecutor targetExecutor,
    IOptions<MemoryOptions> memoryOptions,
    IOptions<DatabaseOptions> databaseOptions,
    IOptions<SafetyOptions> safetyOptions,
    ILoggerFactory loggers) : IAsyncDisposable
{
    public static MigrationSet Migrations { get; } = MigrationSet.FromEmbeddedFolder("memory", "Memory/Sql/MemorySchema");

    private readonly MemoryOptions _options = memoryOptions.Value;
    private readonly DatabaseOptions _database = databaseOptions.Value;
    private readonly Lock _gate = new();
    private Task<MemoryDatabase>? _opened;
    private Task<string>? _target;
    private DatabaseTarget? _ownTarget;
    private (DatabaseExecutor Executor, string Where)? _location;

    /// <summary>The memory database is the embedded local cluster's (no URL, read-only target).</summary>
    private bool IsLocal => string.IsNullOrWhiteSpace(_options.ConnectionString) && !safetyOptions.Value.IsReadWrite;

    /// <summary>Opening would not create anything new on this machine: a configured store, or a local cluster that exists.</summary>
    private bool OpensCheaply => _opened is { IsCompletedSuccessfully: true } || !IsLocal ||
        File.Exists(Path.Combine(SandboxRoot, "data", "PG_VERSION"));

    public Task<MemoryDatabase> OpenAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // A store that could not be reached is tried again on the next call, not remembered as down.
            if (_opened is null || _opened.IsFaulted || _opened.IsCanceled)
            {
                _opened = Task.Run(OpenCoreAsync);
            }

            return _opened.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The target database's identity (system identifier/database), the key of its memories.</summary>
    public Task<string> TargetAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_target is null || _target.IsFaulted || _target.IsCanceled)
            {
                _target = targetExecutor.CatalogAsync(async (connection, ct) =>
                {
                    await using var command = new NpgsqlCommand(EmbeddedFiles.Get("Memory/Sql/target_identity.sql"), connection);
                    return (string)(await command.ExecuteScalarAsync(ct))!;
                }, CancellationToken.None);
            }

            return _target.WaitAsync(cancellationToken);
        }
    }

    private string SandboxRoot => string.IsNullOrWhiteSpace(_database.SandboxDirectory) ? SandboxDatabase.DefaultRoot() : _database.SandboxDirectory;

    /// <summary>
    /// Whether the store already holds the memory schema, asked without creating anything (no migration, no new
    /// cluster): describe_table's note must not be what first writes to a database.
    /// </summary>
    public async Task<bool> HoldsMemoriesAsync(CancellationToken cancellationToken)
    {
        if (_opened is { IsCompletedSuccessfully: true })
        {
            return true;
        }

        if (!OpensCheaply)
        {
            return false;
        }

        var (executor, _) = Location();
        return await executor.CatalogAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("SELECT to_regclass('mcp_db_engineer.memories') IS NOT NULL", connection);
            return (bool)(await command.ExecuteScalarAsync(ct))!;
        }, cancellationToken);
    }

    /// <summary>The memory database's executor and how to say where it is; made once, connecting only when used.</summary>
    private (DatabaseExecutor Executor, string Where) Location()
    {
        lock (_gate)
        {
            return _location ??= Resolve();
        }

        (DatabaseExecutor, string) Resolve()
        {
            if (!string.IsNullOrWhiteSpace(_options.ConnectionString))
            {
                var connection = ConnectionStrings.Parse(_options.ConnectionString);
                return (OwnExecutor(_ => Task.FromResult(DataSourceFactory.Create(connection, _database))),
                    $"memory database {ConnectionStrings.Describe(connection)} (--memory-url)");
            }

            if (safetyOptions.Value.IsReadWrite)
            {
                return (targetExecutor, "the target database itself (read-write mode)");
            }

            var root = SandboxRoot;
            return (OwnExecutor(ct => LocalDataSourceAsync(root, ct)),
                $"database '{_options.LocalDatabase}' on the embedded local cluster in {root} (the target is read-only)");
        }
    }

    private async Task<MemoryDatabase> OpenCoreAsync()
    {
        var (executor, where) = Location();
        var migrator = new OwnSchemaMigrator(executor, databaseOptions);
        try
        {
            await migrator.UpAsync(Migrations, CancellationToken.None);
            // The data source may have read the database's types before a migration (this server's or another's
            // starting at the same moment) created pgvector's: read them again, or a vector has no type to be sent as.
            await executor.ReadOnlyAsync(async (connection, ct) =>
            {
                await connection.ReloadTypesAsync(ct);
                return 0;
            }, CancellationToken.None);
        }
        catch (ToolException e)
        {
            throw Unreachable(where, e.Message, e);
        }

        var trigram = await executor.ReadOnlyAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_trgm')", connection);
            return (bool)(await command.ExecuteScalarAsync(ct))!;
        }, CancellationToken.None);
        return new MemoryDatabase(executor, migrator, where, trigram);
    }

    private DatabaseExecutor OwnExecutor(Func<CancellationToken, Task<NpgsqlDataSource>> create)
    {
        _ownTarget = new DatabaseTarget(create, loggers.CreateLogger<MemoryStore>());
        return new DatabaseExecutor(_ownTarget, DatabaseResilience.Create(), databaseOptions);
    }

    /// <summary>The local cluster (started when it is not running) and its memory database (created when missing).</summary>
    private async Task<NpgsqlDataSource> LocalDataSourceAsync(string root, CancellationToken cancellationToken)
    {
        ClusterEndpoint endpoint;
        try
        {
            endpoint = await new LocalCluster(root).EnsureRunningAsync(SandboxDatabase.ClusterSettings, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ToolException(
                $"The embedded local cluster in {root} could not start ({e.Message}); it holds memory while the target is read-only. " +
                "Give memory a database of its own with --memory-url or MEMORY_DATABASE_URL, or run scripts/setup.sh to install PostgreSQL.", e);
        }

        await using (var admin = new NpgsqlConnection(SandboxDatabase.Connection(endpoint, "postgres").ConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)", admin);
            exists.Parameters.Add(new() { Value = _options.LocalDatabase });
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                try
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE {Identifiers.Quoted(_options.LocalDatabase)}", admin);
                    await create.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
                {
                    // another server created it a moment ago
                }
            }
        }

        return DataSourceFactory.Create(SandboxDatabase.Connection(endpoint, _options.LocalDatabase), _database);
    }

    /// <summary>
    /// Fixes the store's embedding model on its first vector (column dimension, HNSW index), under the migration lock so
    /// that two servers do not both do it; answers the model the store holds when another one fixed it already.
    /// </summary>
    public static Task<(string Model, int Dimensions)> FixModelAsync(MemoryDatabase store, string model, int dimensions, CancellationToken cancellationToken) =>
        store.Executor.RetriedWriteAsync(async (connection, ct) =>
        {
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection))
            {
                lockCommand.Parameters.Add(new() { Value = OwnSchemaMigrator.LockKey(Migrations.Schema) });
                await lockCommand.ExecuteNonQueryAsync(ct);
            }

            await using (var read = new NpgsqlCommand("SELECT embedding_model, dimensions FROM mcp_db_engineer.memory_settings", connection))
            await using (var reader = await read.ExecuteReaderAsync(ct))
            {
                if (await reader.ReadAsync(ct))
                {
                    return (reader.GetString(0), reader.GetInt32(1));
                }
            }

            await SetModelAsync(connection, model, dimensions, ct);
            return (model, dimensions);
        }, cancellationToken);

    /// <summary>Gives the embedding column <paramref name="dimensions"/> and records the model (vectors must be null or of that size).</summary>
    public static async Task SetModelAsync(NpgsqlConnection connection, string model, int dimensions, CancellationToken cancellationToken)
    {
        await SqlScript.ExecuteAsync(connection, EmbeddedFiles.Get("Memory/Sql/fix_embedding_model.sql").Replace("{dims}", dimensions.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), cancellationToken);
        await using var upsert = new NpgsqlCommand(
            "INSERT INTO mcp_db_engineer.memory_settings (embedding_model, dimensions) VALUES ($1, $2) " +
            "ON CONFLICT (only_row) DO UPDATE SET embedding_model = EXCLUDED.embedding_model, dimensions = EXCLUDED.dimensions", connection);
        upsert.Parameters.Add(new() { Value = model });
        upsert.Parameters.Add(new() { Value = dimensions });
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The message every memory tool answers with when the store cannot be reached or written.</summary>
    public static ToolException Unreachable(string where, string why, Exception? inner = null) => new(
        $"Decision memory is unavailable: {where} cannot be used ({why}). " +
        "Point memory at a PostgreSQL database with pgvector where this login may create a schema: --memory-url or MEMORY_DATABASE_URL " +
        "(the other tools are unaffected).", inner);

    public async ValueTask DisposeAsync()
    {
        if (_ownTarget is not null)
        {
            await _ownTarget.DisposeAsync();
        }
    }
}
