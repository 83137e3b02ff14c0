using McpDbEngineer.Plans;
using Npgsql;

namespace McpDbEngineer.Indexes;

/// <summary>A query recommend_indexes plans: its label in the answer (q1 …), its text, its weight (calls) and how many $n it takes.</summary>
public sealed record AdvisorQuery(string Label, string Text, double Weight, int Parameters)
{
    private const string GenericPlanName = "mcp_db_engineer_generic_plan";

    /// <summary>
    /// The plan of the query on <paramref name="connection"/>. With $n placeholders: prepared and explained with NULLs
    /// under force_generic_plan (set by the caller), so the plan is the generic one (PostgreSQL 15 has no EXPLAIN
    /// (GENERIC_PLAN)); prepared again every time, since a cached generic plan would not see indexes created after it.
    /// </summary>
    public async Task<ExplainPlan> PlanAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        if (Parameters == 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"EXPLAIN (FORMAT JSON, VERBOSE)\n{Text}"));
            return ExplainPlan.Parse((string)(await batch.ExecuteScalarAsync(cancellationToken))!);
        }

        var nulls = string.Join(", ", Enumerable.Repeat("NULL", Parameters));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"PREPARE {GenericPlanName} AS\n{Text}"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE {GenericPlanName}({nulls})"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"DEALLOCATE {GenericPlanName}"));
        string json;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            // PREPARE and DEALLOCATE return no rows: the reader's one result is the plan.
            await reader.ReadAsync(cancellationToken);
            json = reader.GetString(0);
        }

        return ExplainPlan.Parse(json);
    }
}
