using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace McpDbEngineer.Explain;

/// <summary>
/// Planner settings an agent may change for the one query it explains ("work_mem=256MB", "enable_seqscan=off"):
/// an allow-list of settings that change how a plan is chosen or run and nothing else, each value checked by its
/// kind. The server applies them with set_config(…, is_local => true) in the call's transaction — the agent never
/// sends SET (the guard refuses it) and nothing outlives the call.
/// </summary>
public static partial class PlannerSettings
{
    private enum Kind { Boolean, Memory, Number, Integer }

    private static readonly IReadOnlyDictionary<string, Kind> Allowed = new Dictionary<string, Kind>(StringComparer.Ordinal)
    {
        ["work_mem"] = Kind.Memory,
        ["hash_mem_multiplier"] = Kind.Number,
        ["effective_cache_size"] = Kind.Memory,
        ["random_page_cost"] = Kind.Number,
        ["seq_page_cost"] = Kind.Number,
        ["cpu_tuple_cost"] = Kind.Number,
        ["cpu_index_tuple_cost"] = Kind.Number,
        ["cpu_operator_cost"] = Kind.Number,
        ["effective_io_concurrency"] = Kind.Integer,
        ["jit"] = Kind.Boolean,
        ["jit_above_cost"] = Kind.Number,
        ["jit_inline_above_cost"] = Kind.Number,
        ["jit_optimize_above_cost"] = Kind.Number,
        ["max_parallel_workers_per_gather"] = Kind.Integer,
        ["parallel_setup_cost"] = Kind.Number,
        ["parallel_tuple_cost"] = Kind.Number,
        ["parallel_leader_participation"] = Kind.Boolean,
        ["min_parallel_table_scan_size"] = Kind.Memory,
        ["min_parallel_index_scan_size"] = Kind.Memory,
        ["from_collapse_limit"] = Kind.Integer,
        ["join_collapse_limit"] = Kind.Integer,
        ["enable_async_append"] = Kind.Boolean,
        ["enable_bitmapscan"] = Kind.Boolean,
        ["enable_gathermerge"] = Kind.Boolean,
        ["enable_hashagg"] = Kind.Boolean,
        ["enable_hashjoin"] = Kind.Boolean,
        ["enable_incremental_sort"] = Kind.Boolean,
        ["enable_indexonlyscan"] = Kind.Boolean,
        ["enable_indexscan"] = Kind.Boolean,
        ["enable_material"] = Kind.Boolean,
        ["enable_memoize"] = Kind.Boolean,
        ["enable_mergejoin"] = Kind.Boolean,
        ["enable_nestloop"] = Kind.Boolean,
        ["enable_parallel_append"] = Kind.Boolean,
        ["enable_parallel_hash"] = Kind.Boolean,
        ["enable_partition_pruning"] = Kind.Boolean,
        ["enable_partitionwise_aggregate"] = Kind.Boolean,
        ["enable_partitionwise_join"] = Kind.Boolean,
        ["enable_presorted_aggregate"] = Kind.Boolean,
        ["enable_seqscan"] = Kind.Boolean,
        ["enable_sort"] = Kind.Boolean,
        ["enable_tidscan"] = Kind.Boolean,
    };

    /// <summary>Parses "name=value" entries; a name off the list or a value not of its kind is a <see cref="ToolException"/> saying what is allowed.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(IReadOnlyList<string> entries)
    {
        var settings = new List<KeyValuePair<string, string>>();
        foreach (var entry in entries)
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            var name = parts[0].ToLowerInvariant();
            if (parts.Length != 2 || parts[1].Length == 0)
            {
                throw new ToolException($"planner_settings entries are name=value, e.g. work_mem=256MB or enable_seqscan=off; got \"{entry}\".");
            }

            if (!Allowed.TryGetValue(name, out var kind))
            {
                throw new ToolException(
                    $"planner_settings: {parts[0]} is not a planner setting this tool changes. Allowed: work_mem, hash_mem_multiplier, effective_cache_size, " +
                    "random_page_cost, seq_page_cost, cpu_*_cost, effective_io_concurrency, jit and jit_*_above_cost, parallel settings " +
                    "(max_parallel_workers_per_gather, parallel_setup_cost, parallel_tuple_cost, parallel_leader_participation, min_parallel_*_scan_size), " +
                    "from_collapse_limit, join_collapse_limit and enable_* (enable_seqscan, enable_nestloop, …).");
            }

            var value = parts[1];
            var valid = kind switch
            {
                Kind.Boolean => BooleanValue().IsMatch(value),
                Kind.Memory => MemoryValue().IsMatch(value),
                Kind.Number => NumberValue().IsMatch(value),
                _ => IntegerValue().IsMatch(value),
            };
            if (!valid)
            {
                throw new ToolException($"planner_settings: {name}={value} is not a valid value; {name} takes {Example(kind)}.");
            }

            settings.Add(new(name, value));
        }

        return settings;
    }

    private static string Example(Kind kind) => kind switch
    {
        Kind.Boolean => "on or off",
        Kind.Memory => "a size such as 64MB, 512kB or 1GB",
        Kind.Number => "a non-negative number such as 1.1",
        _ => "a non-negative whole number such as 4",
    };

    /// <summary>Sets each for the current transaction only; PostgreSQL's own range checks answer as a <see cref="ToolException"/>.</summary>
    public static async Task ApplyAsync(NpgsqlConnection connection, IReadOnlyList<KeyValuePair<string, string>> settings, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in settings)
        {
            await using var command = new NpgsqlCommand("SELECT set_config($1, $2, true)", connection)
            {
                Parameters =
                {
                    new() { Value = name, NpgsqlDbType = NpgsqlDbType.Text },
                    new() { Value = value, NpgsqlDbType = NpgsqlDbType.Text },
                },
            };
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidParameterValue or PostgresErrorCodes.UndefinedObject)
            {
                throw new ToolException($"planner_settings: PostgreSQL refused {name}={value}: {e.MessageText}. Correct the value (or leave the setting out on this server version) and call again.", e);
            }
        }
    }

    [GeneratedRegex("^(?i:on|off|true|false)$")]
    private static partial Regex BooleanValue();

    [GeneratedRegex("^[0-9]+(?:\\.[0-9]+)?\\s*(?:B|kB|MB|GB|TB)?$")]
    private static partial Regex MemoryValue();

    [GeneratedRegex("^[0-9]+(?:\\.[0-9]+)?$")]
    private static partial Regex NumberValue();

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex IntegerValue();
}
