using McpDbEngineer.Sandbox;
using Npgsql;

namespace McpDbEngineer.Bench;

/// <summary>
/// A throwaway local cluster with the sample shop database plus a schema 'wide' of 5,000 small tables,
/// the catalog size where listing and describing start to cost something.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    public const string Database = "bench";
    public const string WideSchema = "wide";
    public const int WideTables = 5_000;

    // Each CREATE TABLE holds a few locks until commit; batches stay far below max_locks_per_transaction.
    private const int TablesPerBatch = 250;

    private readonly LocalCluster _cluster;

    private BenchDatabase(LocalCluster cluster, NpgsqlConnectionStringBuilder connection)
    {
        _cluster = cluster;
        Connection = connection;
    }

    public NpgsqlConnectionStringBuilder Connection { get; }

    public static async Task<BenchDatabase> StartAsync(string root)
    {
        var cluster = new LocalCluster(root);
        var settings = new Dictionary<string, string>(SandboxDatabase.ClusterSettings)
        {
            ["fsync"] = "off", // throwaway data: durability buys nothing here
            ["synchronous_commit"] = "off",
        };
        var endpoint = await cluster.EnsureRunningAsync(settings, CancellationToken.None);
        await SampleSchema.EnsureAsync(SandboxDatabase.Connection(endpoint, "postgres"), Database, CancellationToken.None);
        var connection = SandboxDatabase.Connection(endpoint, Database);
        await CreateWideSchemaAsync(connection);
        return new BenchDatabase(cluster, connection);
    }

    private static async Task CreateWideSchemaAsync(NpgsqlConnectionStringBuilder target)
    {
        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync();
        await using (var exists = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = $1", connection))
        {
            exists.Parameters.Add(new() { Value = WideSchema });
            if ((long)(await exists.ExecuteScalarAsync())! >= WideTables)
            {
                return;
            }
        }

        await using (var schema = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {WideSchema}", connection))
        {
            await schema.ExecuteNonQueryAsync();
        }

        for (var first = 1; first <= WideTables; first += TablesPerBatch)
        {
            var last = Math.Min(first + TablesPerBatch - 1, WideTables);
            await using var batch = new NpgsqlCommand(
                $$"""
                DO $$
                BEGIN
                  FOR i IN {{first}}..{{last}} LOOP
                    EXECUTE format(
                      'CREATE TABLE IF NOT EXISTS wide.%I (id bigint PRIMARY KEY, account_id bigint NOT NULL, name text, amount numeric(12,2), created_at timestamptz NOT NULL DEFAULT now())',
                      'table_' || lpad(i::text, 4, '0'));
                  END LOOP;
                END $$
                """,
                connection) { CommandTimeout = 600 };
            await batch.ExecuteNonQueryAsync();
        }

        await using var analyze = new NpgsqlCommand("ANALYZE", connection) { CommandTimeout = 600 };
        await analyze.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAsync(CancellationToken.None);
        Directory.Delete(_cluster.RootDirectory, recursive: true);
    }
}
