using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace McpDbEngineer.Bench;

/// <summary>
/// recommend_indexes on a reproducible workload (bench/indexes: schema.sql, data.sql, queries.sql) in the bench's own
/// throwaway database: the advice through the MCP client (first call, which also runs initdb of the embedded shadow
/// cluster, then a second), the workload's cost cut as the answer states it, and the workload's execution time
/// measured before and after building the recommended indexes there (it is the bench's database: building is fine).
/// </summary>
public sealed partial class IndexesSuite(string dataDirectory, Action<string> progress)
{
    public const string Database = "indexes_bench";

    /// <summary>Each query runs once to warm the cache, then this many times; its median counts.</summary>
    private const int Runs = 5;

    /// <summary>Room for the whole workload: 22 queries, GIN among them.</summary>
    private const int MaxIndexes = 10;

    public async Task<string> RunAsync(ServerCommand server, NpgsqlConnectionStringBuilder admin, string shadowDirectory)
    {
        var target = await LoadAsync(admin);
        var queries = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "queries.sql")))
            .Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(q => q.TrimEnd(';')).ToList();
        progress($"timing {queries.Count} queries before any index");
        var before = await TimeAsync(target, queries);

        var advising = server with { Arguments = ["serve", "--connection", target.ConnectionString, "--shadow-dir", shadowDirectory] };
        string answer;
        double first, second;
        await using (var running = await advising.StartAsync())
        {
            progress("recommend_indexes, first call (initdb of the embedded shadow cluster included)");
            (first, _) = await AdviseAsync(running, queries);
            progress("recommend_indexes, second call");
            (second, answer) = await AdviseAsync(running, queries);
        }

        var ddl = IndexDdl().Matches(answer).Select(m => m.Groups[1].Value).ToList();
        progress($"building the {ddl.Count} recommended indexes on the bench database");
        var build = Stopwatch.StartNew();
        await using (var connection = new NpgsqlConnection(target.ConnectionString))
        {
            await connection.OpenAsync();
            foreach (var statement in ddl.Append("ANALYZE"))
            {
                await using var command = new NpgsqlCommand(statement, connection) { CommandTimeout = 600 };
                await command.ExecuteNonQueryAsync();
            }
        }

        var built = build.Elapsed.TotalSeconds;
        progress("timing the queries with the indexes");
        var after = await TimeAsync(target, queries);
        return Render(queries, before, after, first, second, answer, ddl.Count, built, await ScalarAsync(target, "SHOW server_version"));
    }

    private string Render(List<string> queries, List<double> before, List<double> after, double first, double second, string answer, int built, double buildSeconds, string version)
    {
        var cost = TotalCost().Match(answer);
        var text = new StringBuilder()
            .AppendLine("# Index advice on a 22-query workload")
            .AppendLine()
            .AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `bash bench/run.sh --indexes-only true` through the C# MCP SDK client over stdio (the published AOT server).")
            .AppendLine($"Machine: {Report.Machine()}. PostgreSQL {version}, throwaway local cluster (fsync off). Workload: `bench/indexes/` " +
                        "(customers 100,000 rows, orders 300,000, products 60,000, events 300,000; no secondary index), `max_indexes` " + MaxIndexes + ".")
            .AppendLine()
            .AppendLine("| metric | value |")
            .AppendLine("|---|---|")
            .AppendLine(CultureInfo.InvariantCulture, $"| `recommend_indexes` of the {queries.Count} queries, first call (initdb of the shadow cluster included) | {first:0} ms |")
            .AppendLine(CultureInfo.InvariantCulture, $"| same, second call | {second:0} ms |")
            .AppendLine(CultureInfo.InvariantCulture, $"| summed planner cost of the workload, as the answer states it | {(cost.Success ? $"{cost.Groups[1].Value} → {cost.Groups[2].Value} ({cost.Groups[3].Value})" : "not found in the answer")} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| indexes recommended and built here | {built} (built in {buildSeconds:0.0} s, then ANALYZE) |")
            .AppendLine(CultureInfo.InvariantCulture, $"| workload execution time, sum of each query's median of {Runs} runs: before → after | {before.Sum():0.0} ms → {after.Sum():0.0} ms ({Change(before.Sum(), after.Sum())}) |")
            .AppendLine()
            .AppendLine("| query | before | after |")
            .AppendLine("|---|---|---|");
        for (var i = 0; i < queries.Count; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| q{i + 1} `{queries[i].Replace("|", "\\|", StringComparison.Ordinal)}` | {before[i]:0.00} ms | {after[i]:0.00} ms |");
        }

        return text.AppendLine().AppendLine("The answer of the second call:").AppendLine().AppendLine("```").Append(answer.TrimEnd()).AppendLine().AppendLine("```").ToString();
    }

    private static string Change(double before, double after) =>
        before == 0 ? "±0%" : (after <= before ? "-" : "+") + Math.Abs((after - before) / before).ToString("P0", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal);

    private static async Task<(double Ms, string Text)> AdviseAsync(RunningServer running, List<string> queries)
    {
        var clock = Stopwatch.StartNew();
        var answer = await ToolAnswer.CallAsync(running.Client, "recommend_indexes", new() { ["queries"] = queries, ["max_indexes"] = MaxIndexes });
        if (answer.IsError)
        {
            throw new InvalidOperationException("recommend_indexes failed: " + answer.Text);
        }

        return (clock.Elapsed.TotalMilliseconds, answer.Text);
    }

    /// <summary>A fresh database with the workload's schema and data.</summary>
    private async Task<NpgsqlConnectionStringBuilder> LoadAsync(NpgsqlConnectionStringBuilder admin)
    {
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database}; CREATE DATABASE {Database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        // Not pooled: the loading session ends with the connection, and its row counters reach the statistics with it.
        var target = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = Database, Pooling = false };
        progress("loading bench/indexes/schema.sql and data.sql");
        await using (var connection = new NpgsqlConnection(target.ConnectionString))
        {
            await connection.OpenAsync();
            foreach (var file in new[] { "schema.sql", "data.sql" })
            {
                await using var command = new NpgsqlCommand(await File.ReadAllTextAsync(Path.Combine(dataDirectory, file)), connection) { CommandTimeout = 900 };
                await command.ExecuteNonQueryAsync();
            }
        }

        // The data was loaded before the statistics were last reset, as in a database in use for a while: the load's
        // inserts must not make every table look write-heavy to the advisor.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await ScalarAsync(target, "SELECT pg_stat_reset()::text");
        return target;
    }

    private static async Task<List<double>> TimeAsync(NpgsqlConnectionStringBuilder target, List<string> queries)
    {
        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync();
        var medians = new List<double>();
        foreach (var query in queries)
        {
            var runs = new List<double>();
            for (var run = 0; run <= Runs; run++)
            {
                await using var command = new NpgsqlCommand(query, connection) { CommandTimeout = 300 };
                var clock = Stopwatch.StartNew();
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                    }
                }

                if (run > 0)
                {
                    runs.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            runs.Sort();
            medians.Add(runs[runs.Count / 2]);
        }

        return medians;
    }

    private static async Task<string> ScalarAsync(NpgsqlConnectionStringBuilder target, string sql)
    {
        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [GeneratedRegex(@"^(CREATE INDEX CONCURRENTLY [^\n]*?);  -- ", RegexOptions.Multiline)]
    private static partial Regex IndexDdl();

    [GeneratedRegex(@"total cost ([\d.]+)→([\d.]+) \(([-+]?[\d.]+%)\)")]
    private static partial Regex TotalCost();
}
