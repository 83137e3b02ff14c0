using System.Diagnostics;
using System.Globalization;
using McpDbEngineer.Database;
using McpDbEngineer.Shadow;
using McpDbEngineer.Sql;
using Microsoft.Extensions.Options;
using Npgsql;
using Pgvector.Npgsql;

namespace McpDbEngineer.Indexes.Vector;

/// <summary>
/// Measures candidate indexes on a shadow database, never on the target: a sample of the column and a set of query
/// vectors (held-out rows, or the caller's) are copied there, exact search gives the true k nearest, then each
/// candidate (HNSW, IVFFlat) is built and searched at increasing ef_search / probes, with recall@k and latency. The
/// shadow is dropped afterwards, also when the call is cancelled or fails.
/// </summary>
public sealed class VectorMeasurer(DatabaseExecutor executor, ShadowDatabases shadows, IOptions<ShadowOptions> options)
{
    private const string SampleTable = "mcpdb_vector_sample";
    private const string QueryTable = "mcpdb_vector_queries";
    private const string IndexName = "mcpdb_vector_idx";

    /// <summary>Memory for builds on the shadow: the sample's graph fits, so the build time is the in-memory one.</summary>
    private const string ShadowMaintenanceWorkMem = "512MB";

    /// <summary>Queries run untimed before timing each setting, so that the first ones do not pay for cold caches.</summary>
    private const int WarmUpQueries = 5;

    private static readonly int[] EfSearchValues = [10, 20, 40, 80, 160, 320, 640, 1000];

    /// <param name="given">Query vectors from the caller, already checked for the column's dimensions; empty: hold out rows.</param>
    public async Task<VectorMeasurement> MeasureAsync(
        VectorColumnFacts facts, VectorIndexPlan plan, VectorGoals goals, int sampleRows, IReadOnlyList<Pgvector.Vector> given, int heldOut,
        IProgress<VectorProgress>? progress, CancellationToken cancellationToken)
    {
        var done = 0;
        var total = 4 + 2 * EfSearchValues.Length;
        void Step(string message) => progress?.Report(new VectorProgress(Math.Min(++done, total - 1), total, message));

        var dims = facts.Dimensions ?? throw new ToolException($"{facts.Table}.{facts.Column} holds no value to read its dimensions from: nothing to measure.");
        var type = string.Create(CultureInfo.InvariantCulture, $"{facts.Type}({dims})");
        var shadow = await shadows.CreateAsync(0, new StepProgress(m => progress?.Report(new VectorProgress(done, total, m))), cancellationToken);
        try
        {
            Step($"shadow {shadow.Name} ready");
            var copied = await RowSample.CopyColumnAsync(
                executor, shadow.Connection, facts.Table, Identifiers.Quoted(facts.Column), type, facts.Rows, sampleRows + (given.Count > 0 ? 0 : heldOut), SampleTable, cancellationToken);
            Step($"{copied} rows sampled");

            // The slim builder, as for the target (Native AOT): only the query vectors need a type beyond the basics.
            var builder = new NpgsqlSlimDataSourceBuilder(shadow.Connection.ConnectionString);
            builder.UseVector();
            await using var dataSource = builder.Build();
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync($"SET statement_timeout = '{options.Value.StatementTimeoutSeconds}s'", cancellationToken);
            await connection.ExecuteAsync($"SET maintenance_work_mem = '{ShadowMaintenanceWorkMem}'", cancellationToken);
            var queries = await QueriesAsync(connection, type, copied, given, heldOut, goals.K, cancellationToken);
            var sampled = copied - (given.Count > 0 ? 0 : queries);
            await connection.ExecuteAsync($"VACUUM ANALYZE {SampleTable}", cancellationToken);

            var op = plan.Distance.Operator;
            var exact = $"SELECT id FROM {SampleTable} ORDER BY v {op} (SELECT v FROM {QueryTable} WHERE id = $1) LIMIT {goals.K}";
            var (truth, exactTimes) = await RunAsync(connection, exact, queries, cancellationToken);
            Step($"exact search: {queries} queries");

            var builds = new List<VectorBuild>();
            var trials = new List<VectorTrial>();
            foreach (var candidate in Candidates(facts, plan, sampled, dims, goals.K))
            {
                var definition = $"CREATE INDEX {IndexName} ON {SampleTable} USING {candidate.Method} ({candidate.Key} {candidate.OperatorClass}) WITH ({candidate.With})";
                var clock = Stopwatch.StartNew();
                await connection.ExecuteAsync(definition, cancellationToken);
                var seconds = clock.Elapsed.TotalSeconds;
                await using (var size = new NpgsqlCommand($"SELECT pg_relation_size('{IndexName}')", connection))
                {
                    builds.Add(new VectorBuild(candidate.Method, definition, seconds, (long)(await size.ExecuteScalarAsync(cancellationToken))!));
                }

                Step($"{candidate.Method} built on the sample in {seconds:0.#}s");
                await connection.ExecuteAsync("SET enable_seqscan = off", cancellationToken);
                await EnsureIndexUsedAsync(connection, candidate.Query, cancellationToken);
                foreach (var value in candidate.Values)
                {
                    await connection.ExecuteAsync($"SET {candidate.Setting} = {value}", cancellationToken);
                    var (found, times) = await RunAsync(connection, candidate.Query, queries, cancellationToken);
                    var recall = Recall(truth, found);
                    trials.Add(new VectorTrial(candidate.Method, candidate.Setting, value, recall, Percentile(times, 0.5), Percentile(times, 0.95)));
                    Step($"{candidate.Setting} = {value}: recall@{goals.K} {recall:0.###}");
                    if (recall >= 0.999 || trials.Count(t => t.Method == candidate.Method && t.Recall >= goals.TargetRecall) >= 2)
                    {
                        break;
                    }
                }

                await connection.ExecuteAsync("RESET enable_seqscan", cancellationToken);
                await connection.ExecuteAsync($"DROP INDEX {IndexName}", cancellationToken);
            }

            return new VectorMeasurement(
                shadow.Name, sampled, queries, given.Count > 0 ? "given" : "held-out rows", goals.K,
                Percentile(exactTimes, 0.5), Percentile(exactTimes, 0.95), builds, trials);
        }
        catch (PostgresException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ToolException(
                $"Measuring on shadow {shadow.Name} failed: {e.SqlState}: {e.MessageText}. " +
                (e.SqlState == PostgresErrorCodes.QueryCanceled
                    ? "A build or search ran past Shadow:StatementTimeoutSeconds: lower sample_rows, or raise the timeout."
                    : "Call again without measure for the advice alone."), e);
        }
        finally
        {
            await shadows.DropAsync(shadow);
        }
    }

    /// <summary>The query vectors into their own table: the caller's as parameters, or the last rows of the sample moved out of it.</summary>
    private static async Task<int> QueriesAsync(
        NpgsqlConnection connection, string type, long copied, IReadOnlyList<Pgvector.Vector> given, int heldOut, int k, CancellationToken ct)
    {
        await connection.ExecuteAsync($"CREATE TABLE {QueryTable} (id int PRIMARY KEY, v {type} NOT NULL)", ct);
        if (given.Count > 0)
        {
            await using var batch = new NpgsqlBatch(connection);
            for (var i = 0; i < given.Count; i++)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"INSERT INTO {QueryTable} VALUES ($1, $2::vector::{type})")
                {
                    Parameters = { new() { Value = i + 1 }, new() { Value = given[i] } },
                });
            }

            await batch.ExecuteNonQueryAsync(ct);
            return given.Count;
        }

        // Hold out at most a tenth of the sample, and leave at least k rows to search.
        var held = (int)Math.Min(heldOut, Math.Min(copied / 10, copied - k));
        if (held < 1)
        {
            throw new ToolException($"The column holds {copied} values: too few to hold any out as queries and still find k. Give query_vectors, or lower k.");
        }

        await using var move = new NpgsqlCommand(
            $"WITH moved AS (DELETE FROM {SampleTable} WHERE id > (SELECT max(id) FROM {SampleTable}) - $1 RETURNING v) " +
            $"INSERT INTO {QueryTable} SELECT row_number() OVER (), v FROM moved", connection)
        {
            Parameters = { new() { Value = (long)held } },
        };
        return await move.ExecuteNonQueryAsync(ct);
    }

    private sealed record Candidate(string Method, string Key, string OperatorClass, string With, string Setting, IReadOnlyList<int> Values, string Query);

    /// <summary>HNSW and (where its operator classes reach) IVFFlat, the plan's method first, keyed and queried as the plan says.</summary>
    private static List<Candidate> Candidates(VectorColumnFacts facts, VectorIndexPlan plan, long rows, int dims, int k)
    {
        var op = plan.Distance.Operator;
        var d = dims.ToString(CultureInfo.InvariantCulture);
        var opClass = plan.OperatorClass ?? $"{facts.Type}_{plan.Distance.OpsSuffix}";
        string key, query;
        const string Q = $"(SELECT v FROM {QueryTable} WHERE id = $1)";
        if (opClass.StartsWith("bit_", StringComparison.Ordinal))
        {
            key = $"(binary_quantize(v)::bit({d}))";
            query = $"SELECT id FROM (SELECT id, v FROM {SampleTable} ORDER BY binary_quantize(v)::bit({d}) <~> binary_quantize({Q}) LIMIT {{0}}) c ORDER BY v {op} {Q} LIMIT {{1}}";
        }
        else if (opClass.StartsWith("halfvec_", StringComparison.Ordinal) && facts.Type != "halfvec")
        {
            key = $"(v::halfvec({d}))";
            query = $"SELECT id FROM {SampleTable} ORDER BY v::halfvec({d}) {op} {Q}::halfvec({d}) LIMIT {{1}}";
        }
        else
        {
            key = "v";
            query = $"SELECT id FROM {SampleTable} ORDER BY v {op} {Q} LIMIT {{1}}";
        }

        // Binary quantization re-ranks four times k candidates by the original distance (pgvector README, Binary Quantization).
        query = string.Format(CultureInfo.InvariantCulture, query, 4 * k, k);
        var hnsw = plan.Hnsw ?? new HnswParameters(16, 64, 40);
        var candidates = new List<Candidate>
        {
            new("hnsw", key, opClass, $"m = {hnsw.M}, ef_construction = {hnsw.EfConstruction}", "hnsw.ef_search", EfSearchValues, query),
        };
        if (plan.Distance.Ivfflat && facts.Type != "sparsevec")
        {
            var lists = (int)Math.Max(1, rows / 1000);
            var probes = new List<int>();
            for (var p = 1; p < lists; p *= 2)
            {
                probes.Add(p);
            }

            probes.Add(lists);
            candidates.Add(new("ivfflat", key, opClass, $"lists = {lists}", "ivfflat.probes", probes, query));
        }

        if (plan.Method == "ivfflat")
        {
            candidates.Reverse();
        }

        return candidates;
    }

    /// <summary>Runs the query for every query vector (ids 1…n): the ids found and each query's time in ms.</summary>
    private static async Task<(List<HashSet<long>> Found, List<double> Times)> RunAsync(NpgsqlConnection connection, string sql, int queries, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { DataTypeName = "integer" } } };
        await command.PrepareAsync(ct);
        var found = new List<HashSet<long>>();
        var times = new List<double>();
        for (var i = 1 - Math.Min(WarmUpQueries, queries); i <= queries; i++)
        {
            command.Parameters[0].Value = i < 1 ? i + WarmUpQueries : i;
            var clock = Stopwatch.StartNew();
            var ids = new HashSet<long>();
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    ids.Add(reader.GetInt64(0));
                }
            }

            if (i >= 1)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
                found.Add(ids);
            }
        }

        return (found, times);
    }

    /// <summary>A wrong key expression would be searched exactly, and read as perfect recall: the plan must scan the index.</summary>
    private static async Task EnsureIndexUsedAsync(NpgsqlConnection connection, string query, CancellationToken ct)
    {
        await using var explain = new NpgsqlCommand("EXPLAIN " + query, connection) { Parameters = { new() { Value = 1 } } };
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            plan.Add(reader.GetString(0));
        }

        if (!plan.Any(line => line.Contains(IndexName, StringComparison.Ordinal)))
        {
            throw new ToolException($"The measuring query does not use the index built on the shadow, so it cannot be measured: {string.Join(" / ", plan.Select(l => l.Trim()))}");
        }
    }

    /// <summary>Mean share of the true k nearest that the index returned.</summary>
    public static double Recall(IReadOnlyList<HashSet<long>> truth, IReadOnlyList<HashSet<long>> found) =>
        truth.Count == 0 ? 0 : truth.Zip(found, (t, f) => t.Count == 0 ? 1.0 : (double)t.Count(f.Contains) / t.Count).Average();

    public static double Percentile(IReadOnlyList<double> values, double share)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        return sorted[(int)Math.Round(share * (sorted.Count - 1))];
    }


    /// <summary>Reports as it is told (Progress&lt;T&gt; would post to the thread pool, after the step is over).</summary>
    private sealed class StepProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
