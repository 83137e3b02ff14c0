using System.Diagnostics;
using McpDbEngineer.Schema;
using McpDbEngineer.Sql;
using Npgsql;

namespace McpDbEngineer.Bench;

/// <summary>
/// What read-write mode's measured effect costs: writes through a read-write server (each pays the start and end
/// readings; DDL also the catalog snapshot before and after), and the measuring queries on their own, on the
/// benchmark database (thousands of tables make the snapshot as large as it gets in practice).
/// </summary>
public sealed class ReadWriteSuite(int callRuns, Action<string> progress)
{
    private const string Table = "bench_rw";

    private static readonly (string Label, string Sql)[] Calls =
    [
        ("read-write: execute_sql `SELECT 1`", "SELECT 1"),
        ("read-write: execute_sql `INSERT` one row", $"INSERT INTO {Table} (note) VALUES ('x')"),
        ("read-write: execute_sql `UPDATE` one row by key", $"UPDATE {Table} SET note = 'y' WHERE id = 1"),
        ("read-write: execute_sql DDL (`ALTER TABLE … SET DEFAULT`, catalog snapshot)", $"ALTER TABLE {Table} ALTER COLUMN note SET DEFAULT 'z'"),
    ];

    public static async Task PrepareAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"""
            CREATE TABLE IF NOT EXISTS {Table} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text);
            INSERT INTO {Table} (note) SELECT 'seed' FROM generate_series(1, 10000) WHERE NOT EXISTS (SELECT FROM {Table});
            ANALYZE {Table};
            """,
            connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Round trips of writes through <paramref name="server"/> started in read-write mode.</summary>
    public async Task<IReadOnlyList<Measurement>> RunAsync(ServerCommand server)
    {
        var audit = Path.Combine(Path.GetTempPath(), $"mcpdb-bench-audit-{Guid.NewGuid():N}.jsonl");
        var readWrite = server with { Arguments = [.. server.Arguments, "--access", "read-write", "--audit", "file", "--audit-file", audit] };
        var results = new List<Measurement>();
        try
        {
            await using var running = await readWrite.StartAsync();
            foreach (var (label, sql) in Calls)
            {
                progress($"{server.Label}: {callRuns} × {label}");
                var arguments = new Dictionary<string, object?> { ["sql"] = sql };
                var first = await ToolAnswer.CallAsync(running.Client, "execute_sql", arguments);
                if (first.IsError)
                {
                    results.Add(new(label, "error: " + first.Text.ReplaceLineEndings(" ")));
                    continue;
                }

                for (var i = 0; i < 20; i++)
                {
                    await ToolAnswer.CallAsync(running.Client, "execute_sql", arguments);
                }

                var timings = await Timings.MeasureAsync(callRuns, () => ToolAnswer.CallAsync(running.Client, "execute_sql", arguments));
                results.Add(new(label, $"{timings.Median:0.00} / {timings.P95:0.00} ms ({timings.Count} calls)", timings.Median));
            }
        }
        finally
        {
            File.Delete(audit);
        }

        return results;
    }

    /// <summary>The measuring queries alone, inside a transaction like the server's: the start and end readings, and one catalog snapshot.</summary>
    public async Task<IReadOnlyList<Measurement>> MeasureQueriesAsync(string connectionString)
    {
        progress($"{callRuns} × the measuring queries");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var start = EmbeddedFiles.Get("Safety/Effects/Sql/row_counts_start.sql");
        var end = EmbeddedFiles.Get("Safety/Effects/Sql/row_counts.sql");
        var snapshot = EmbeddedFiles.Get("Safety/Effects/Sql/catalog_snapshot.sql");
        var readings = new List<double>();
        var snapshots = new List<double>();
        var objects = 0;
        for (var i = 0; i < callRuns; i++)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            var clock = Stopwatch.StartNew();
            await ExecuteAsync(connection, start);
            var startMs = clock.Elapsed.TotalMilliseconds;
            await ExecuteAsync(connection, $"UPDATE {Table} SET note = 'y' WHERE id = 1");
            clock.Restart();
            await using (var command = new NpgsqlCommand(end, connection)
            {
                Parameters =
                {
                    new() { Value = Array.Empty<long>() }, new() { Value = Array.Empty<long>() }, new() { Value = Array.Empty<long>() },
                    new() { Value = Array.Empty<long>() }, new() { Value = 0L },
                },
            })
            {
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                }
            }

            readings.Add(startMs + clock.Elapsed.TotalMilliseconds);
            if (i < Math.Min(callRuns, 50))
            {
                clock.Restart();
                objects = await ExecuteAsync(connection, snapshot);
                snapshots.Add(clock.Elapsed.TotalMilliseconds);
            }

            await transaction.RollbackAsync();
        }

        var reading = new Timings(readings);
        var snapshotTimings = new Timings(snapshots);
        return
        [
            new("measuring rows: start + end reading, without the network",
                $"{reading.Median:0.00} / {reading.P95:0.00} ms ({reading.Count} runs)", reading.Median),
            new($"measuring the catalog: one snapshot ({objects:N0} objects; DDL takes two)",
                $"{snapshotTimings.Median:0.0} / {snapshotTimings.P95:0.0} ms ({snapshotTimings.Count} runs)", snapshotTimings.Median),
        ];
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
        }

        return rows;
    }
}
