using System.Text;
using McpDbEngineer.Plans;
using McpDbEngineer.Safety;
using McpDbEngineer.Safety.Guard;
using McpDbEngineer.Sql;
using Npgsql;
using NpgsqlTypes;

namespace McpDbEngineer.Explain;

/// <summary>
/// Explains an agent's query: EXPLAIN through the SQL guard (which decides whether ANALYZE may execute it and in
/// which transaction), catalog facts for the findings, and optional hypothetical index trials — all in one transaction.
/// </summary>
public sealed class QueryExplainer(SqlGuard guard)
{
    /// <summary>Explains the SQL of <paramref name="request"/> (built by the tool with its caller); its intent follows the options.</summary>
    public Task<string> ExplainAsync(SqlRequest request, ExplainOptions options, CancellationToken cancellationToken)
    {
        var sql = request.Sql;
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw new ToolException("sql is empty: pass the one statement to explain.");
        }

        var hypothetical = options.HypotheticalIndexes.Select(HypotheticalIndexes.ValidateHypotheticalIndex).ToList();
        // hypopg's indexes exist only for the planner: an executed query cannot use them.
        var analyze = options.Analyze && hypothetical.Count == 0;
        var explainSql = BuildExplain(sql, analyze, options.Buffers, options.Settings);
        return guard.ExecuteAsync(request with { Intent = analyze ? SqlIntent.ExplainAnalyze : SqlIntent.Explain }, async (connection, statements, ct) =>
        {
            var output = new StringBuilder();
            if (options.Analyze && !analyze)
            {
                output.Append("note: analyze ignored — hypothetical indexes exist only for the planner, so the plans below are estimates\n");
            }

            var plan = await PlanAsync(connection, explainSql, ct);
            var catalog = await LoadCatalogAsync(connection, plan, ct);
            PlanAnalyzer.Analyze(plan, catalog).Write(output);
            if (hypothetical.Count > 0)
            {
                await HypotheticalIndexes.WriteTrialAsync(connection, plan, hypothetical, () => PlanAsync(connection, explainSql, ct), output, ct);
            }

            if (analyze && statements is [{ Class: StatementClass.Write }])
            {
                // PostgreSQL never rolls back a sequence: nextval() calls, serial and identity defaults stay advanced.
                output.Append("note: the write ran in a transaction that was rolled back — its rows are unchanged, but any sequence it advanced (serial or identity defaults, nextval) stays advanced\n");
            }

            return output.ToString();
        }, cancellationToken);
    }

    /// <summary>The agent's SQL appended as it is: the guard has classified it. VERBOSE for schema-qualified names.</summary>
    private static string BuildExplain(string sql, bool analyze, bool buffers, bool settings)
    {
        var keywords = new List<string> { "FORMAT JSON", "VERBOSE" };
        if (analyze)
        {
            keywords.Add("ANALYZE");
        }

        if (buffers)
        {
            keywords.Add("BUFFERS");
        }

        if (settings)
        {
            keywords.Add("SETTINGS");
        }

        return $"EXPLAIN ({string.Join(", ", keywords)})\n{sql}";
    }

    private static async Task<ExplainPlan> PlanAsync(NpgsqlConnection connection, string explainSql, CancellationToken cancellationToken)
    {
        // A batch command is sent as one extended-protocol statement, never split at semicolons: behind the guard's
        // one-statement rule, PostgreSQL itself would refuse a second statement.
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { new NpgsqlBatchCommand(explainSql) } };
        return ExplainPlan.Parse((string)(await batch.ExecuteScalarAsync(cancellationToken))!);
    }

    private static async Task<PlanCatalog> LoadCatalogAsync(NpgsqlConnection connection, ExplainPlan plan, CancellationToken cancellationToken)
    {
        var relations = plan.Relations.Where(r => r.Schema is not null).ToList();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(EmbeddedFiles.Get("Explain/Sql/plan_tables.sql"))
                {
                    Parameters =
                    {
                        new() { Value = relations.Select(r => r.Schema!).ToArray(), NpgsqlDbType = TextArray },
                        new() { Value = relations.Select(r => r.Name).ToArray(), NpgsqlDbType = TextArray },
                    },
                },
                new NpgsqlBatchCommand(MemorySettingsSql),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var tables = new List<TableFacts>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add(new TableFacts(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetDouble(2),
                reader.GetFieldValue<string[]>(3).ToHashSet(),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new PlanCatalog
        {
            Tables = tables,
            WorkMemKb = reader.IsDBNull(0) ? null : reader.GetDouble(0),
            HashMemMultiplier = reader.GetDouble(1),
        };
    }

    private const NpgsqlDbType TextArray = NpgsqlDbType.Array | NpgsqlDbType.Text;

    // hash_mem_multiplier exists from PostgreSQL 13; before it, hashes were limited by work_mem alone.
    private const string MemorySettingsSql = """
        SELECT (SELECT setting::float8 FROM pg_settings WHERE name = 'work_mem'),
               coalesce((SELECT setting::float8 FROM pg_settings WHERE name = 'hash_mem_multiplier'), 1)
        """;
}
