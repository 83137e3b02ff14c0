using System.Text;
using McpDbEngineer.Indexes;
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
    /// <summary>Index candidates proven per call: each is one more planning, and the first few findings matter most.</summary>
    public const int MaxProvenCandidates = 3;

    /// <summary>Explains the SQL of <paramref name="request"/> (built by the tool with its caller); its intent follows the options.</summary>
    public Task<string> ExplainAsync(SqlRequest request, ExplainOptions options, CancellationToken cancellationToken)
    {
        var sql = request.Sql;
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw new ToolException("sql is empty: pass the one statement to explain.");
        }

        var hypothetical = options.HypotheticalIndexes.Select(HypotheticalIndexes.ValidateHypotheticalIndex).ToList();
        var settings = PlannerSettings.Parse(options.PlannerSettings);
        // hypopg's indexes exist only for the planner: an executed query cannot use them.
        var analyze = options.Analyze && hypothetical.Count == 0;
        var explainSql = BuildExplain(sql, analyze, options.Buffers, options.Settings);
        var planOnlySql = BuildExplain(sql, analyze: false, buffers: false, settings: false);
        return guard.ExecuteAsync(request with { Intent = analyze ? SqlIntent.ExplainAnalyze : SqlIntent.Explain }, async (connection, statements, ct) =>
        {
            await PlannerSettings.ApplyAsync(connection, settings, ct);
            var output = new StringBuilder();
            if (options.Analyze && !analyze)
            {
                output.Append("note: analyze ignored — hypothetical indexes exist only for the planner, so the plans below are estimates\n");
            }

            var plan = await PlanAsync(connection, explainSql, ct);
            var catalog = await LoadCatalogAsync(connection, plan, ct);
            var report = PlanAnalyzer.Analyze(plan, catalog);
            report.Write(output);
            Func<Task<ExplainPlan>> replan = () => PlanAsync(connection, planOnlySql, ct);
            if (hypothetical.Count > 0)
            {
                var trial = await HypotheticalIndexes.TryAsync(connection, hypothetical, together: true, replan, ct);
                IndexTrialWriter.Write("hypothetical indexes", plan, trial.Trials, output);
                IndexTrialWriter.WriteTree(trial.FinalPlan, hypothetical.Count > 1 ? "plan with all hypothetical indexes" : "plan with the hypothetical index", output);
            }
            else if (report.Candidates.Count > 0)
            {
                await ProveCandidatesAsync(connection, plan, report.Candidates, replan, output, ct);
            }

            if (analyze && statements is [{ Class: StatementClass.Write }])
            {
                // PostgreSQL never rolls back a sequence: nextval() calls, serial and identity defaults stay advanced.
                output.Append("note: the write ran in a transaction that was rolled back — its rows are unchanged, but any sequence it advanced (serial or identity defaults, nextval) stays advanced\n");
            }

            return output.ToString();
        }, cancellationToken);
    }

    /// <summary>
    /// The findings' index candidates, each planned with hypopg so the agent gets the planner's number instead of a
    /// rule of thumb; without hypopg, how to get it and what works meanwhile. A candidate hypopg rejects ends the
    /// proofs with its reason, never the call.
    /// </summary>
    private static async Task ProveCandidatesAsync(
        NpgsqlConnection connection, ExplainPlan baseline, IReadOnlyList<IndexCandidate> candidates,
        Func<Task<ExplainPlan>> replan, StringBuilder output, CancellationToken cancellationToken)
    {
        const string heading = "index candidates";
        if (!await HypotheticalIndexes.AvailableAsync(connection, cancellationToken))
        {
            output.Append(heading).Append(": unproven — ").Append(await HypotheticalIndexes.InstallAdviceAsync(connection, cancellationToken))
                .Append(", and explain again to see each candidate's cost before/after. Meanwhile compare plans with planner_settings (enable_seqscan=off), or build the index on a copy\n");
            return;
        }

        try
        {
            var proven = await HypotheticalIndexes.TryAsync(connection, candidates.Take(MaxProvenCandidates).Select(c => c.Sql).ToList(), together: false, replan, cancellationToken);
            IndexTrialWriter.Write(heading, baseline, proven.Trials, output);
        }
        catch (ToolException e)
        {
            output.Append(heading).Append(": not proven — ").Append(e.Message).Append('\n');
        }
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
                new NpgsqlBatchCommand(EmbeddedFiles.Get("Explain/Sql/memory_settings.sql")),
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
                reader.IsDBNull(4) ? null : reader.GetString(4),
                new StatisticsAge(reader.IsDBNull(5) ? null : reader.GetDateTime(5), reader.GetDouble(6), reader.GetDouble(7))));
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
}
