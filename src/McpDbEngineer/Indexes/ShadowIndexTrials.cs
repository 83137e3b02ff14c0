using System.Globalization;
using McpDbEngineer.Database;
using McpDbEngineer.Plans;
using McpDbEngineer.Shadow;
using Microsoft.Extensions.Options;
using Npgsql;

namespace McpDbEngineer.Indexes;

/// <summary>What building one index on the shadow showed.</summary>
/// <param name="Costs">For each query reading its table (by position in the advice): the plan's cost on the shadow without it and with it (unchanged when unused).</param>
/// <param name="SizeBytes">Its size on the shadow, scaled to the target's row count of the table.</param>
/// <param name="Failure">Why it could not be built or planned; null when it was.</param>
public sealed record BuiltTrial(IReadOnlyDictionary<int, (double Before, double After)> Costs, long SizeBytes, string? Failure);

/// <summary>The real builds of one advice: the trial of each candidate (by position), the rows sampled; or why there was no shadow.</summary>
public sealed record BuiltTrials(string? Unavailable, long SampledRows, IReadOnlyDictionary<int, BuiltTrial> Trials)
{
    public string SampleNote => $"built on a sampled copy ({Answers.Units.Count(ShadowIndexTrials.RowsPerTable)} rows per table, {Answers.Units.Count(SampledRows)} in all)";
}

/// <summary>
/// Proves the indexes hypopg cannot simulate (GIN) by building them for real on a shadow database: the target's schema
/// with the first rows of the tables the queries read (<see cref="ShadowDatabases"/>, as rehearse_migration makes it).
/// Each candidate is built, its table analyzed, the queries on its table planned without and with it, its size read,
/// and it is dropped again; the shadow is dropped at the end. Nothing is built on the target.
/// </summary>
public sealed class ShadowIndexTrials(ShadowDatabases shadows, IOptions<ShadowOptions> options)
{
    /// <summary>Enough rows for the planner to prefer an index over reading a few pages; few enough to copy in a second or two.</summary>
    public const int RowsPerTable = 10_000;

    private const string TrialName = "mcp_db_engineer_trial";

    /// <param name="candidates">The candidates to build, by their position in the advice.</param>
    /// <param name="readers">For each candidate position, the queries (by position) that read its table.</param>
    /// <param name="sampled">The tables whose rows the shadow copies.</param>
    /// <param name="targetRows">The target's row count of a table (as <see cref="PlanCandidates.TableOf"/> writes it), to scale sizes.</param>
    public async Task<BuiltTrials> RunAsync(
        IReadOnlyDictionary<int, IndexCandidate> candidates, IReadOnlyDictionary<int, IReadOnlyList<int>> readers, IReadOnlyList<AdvisorQuery> queries,
        IReadOnlyCollection<(string Schema, string Name)> sampled, Func<string, double> targetRows, CancellationToken cancellationToken)
    {
        ShadowDatabase shadow;
        try
        {
            shadow = await shadows.CreateAsync(RowsPerTable, null, cancellationToken, sampled);
        }
        catch (ToolException e)
        {
            return new BuiltTrials(e.Message, 0, new Dictionary<int, BuiltTrial>());
        }

        try
        {
            await using var connection = new NpgsqlConnection(shadow.Connection.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync($"SET statement_timeout = '{options.Value.StatementTimeoutSeconds.ToString(CultureInfo.InvariantCulture)}s'", cancellationToken);
            await connection.ExecuteAsync("SET plan_cache_mode = force_generic_plan", cancellationToken);
            var before = new Dictionary<int, double>();
            var trials = new Dictionary<int, BuiltTrial>();
            foreach (var (position, candidate) in candidates)
            {
                try
                {
                    trials[position] = await BuildAsync(connection, candidate, $"{TrialName}_{position}", readers[position], queries, before, targetRows(candidate.Table), cancellationToken);
                }
                catch (PostgresException e)
                {
                    // A trial index left behind goes with the shadow: each trial has a name of its own.
                    trials[position] = new BuiltTrial(new Dictionary<int, (double, double)>(), 0, $"{e.MessageText} (on the shadow copy)");
                }
            }

            return new BuiltTrials(null, shadow.SampledRows, trials);
        }
        finally
        {
            await shadows.DropAsync(shadow);
        }
    }

    private static async Task<BuiltTrial> BuildAsync(
        NpgsqlConnection connection, IndexCandidate candidate, string name, IReadOnlyList<int> reading, IReadOnlyList<AdvisorQuery> queries,
        Dictionary<int, double> before, double targetRows, CancellationToken cancellationToken)
    {
        foreach (var q in reading.Where(q => !before.ContainsKey(q)))
        {
            before[q] = (await queries[q].PlanAsync(connection, cancellationToken)).TotalCost;
        }

        string schema;
        await using (var command = new NpgsqlCommand("SELECT relnamespace::regnamespace::text FROM pg_class WHERE oid = $1::regclass", connection)
            { Parameters = { new() { Value = candidate.Table } } })
        {
            schema = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        await connection.ExecuteAsync(candidate.Named(name), cancellationToken);
        await connection.ExecuteAsync($"ANALYZE {candidate.Table}", cancellationToken);
        var costs = new Dictionary<int, (double Before, double After)>();
        foreach (var q in reading)
        {
            var plan = await queries[q].PlanAsync(connection, cancellationToken);
            costs[q] = (before[q], HypotheticalIndexes.UsedBy(plan, name) is null ? before[q] : plan.TotalCost);
        }

        long size;
        double shadowRows;
        await using (var command = new NpgsqlCommand(
            "SELECT pg_relation_size(($2 || '.' || $3)::regclass), greatest(reltuples, 0)::float8 FROM pg_class WHERE oid = $1::regclass", connection)
            { Parameters = { new() { Value = candidate.Table }, new() { Value = schema }, new() { Value = name } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (size, shadowRows) = (reader.GetInt64(0), reader.GetDouble(1));
        }

        // regnamespace prints the schema quoted as it must be.
        await connection.ExecuteAsync($"DROP INDEX {schema}.{name}", cancellationToken);
        return new BuiltTrial(costs, (long)(size * Math.Max(1, targetRows / Math.Max(shadowRows, 1))), null);
    }

}
