using McpDbEngineer.Answers;
using McpDbEngineer.Database;
using McpDbEngineer.Plans;
using McpDbEngineer.Safety.Guard;
using McpDbEngineer.Sql;
using McpDbEngineer.Sql.Parsing;
using Npgsql;
using NpgsqlTypes;

namespace McpDbEngineer.Indexes;

/// <summary>
/// recommend_indexes: plans each query (EXPLAIN only, through the guard, in one read-only transaction), reads the
/// candidates out of the plans, and chooses the set that cuts the weighted cost most with hypopg
/// (<see cref="IndexSelection"/>). Nothing is built: hypothetical indexes live in the session and are reset before
/// the transaction ends. Queries with $n placeholders are planned generically, as a prepared statement would be.
/// </summary>
public sealed class IndexAdvisor(SqlGuard guard, DatabaseExecutor executor, ShadowIndexTrials built)
{
    /// <summary>Each candidate costs a planning of every query on its table per round: past this many the answer is slow and the tail rarely wins.</summary>
    public const int MaxCandidates = 40;

    /// <summary>How long the target's read-only transaction may wait idle while GIN candidates are built on a shadow.</summary>
    private static readonly TimeSpan ShadowWait = TimeSpan.FromMinutes(10);

    /// <summary>Advises indexes for <paramref name="request"/>; <paramref name="sqlRequest"/> carries the caller for the guard and audit.</summary>
    public async Task<IndexAdvice> RecommendAsync(IndexAdviceRequest request, Func<string, SqlRequest> sqlRequest, CancellationToken cancellationToken)
    {
        if (request.MaxIndexes < 1 || request.SizeBudgetMb <= 0 || request.MinGainPercent < 0 || request.WorkloadTop < 1)
        {
            throw new ToolException("max_indexes and workload_top must be at least 1, size_budget_mb above 0, min_gain_percent 0 or more.");
        }

        var (source, all) = request.Queries.Count > 0
            ? ($"{request.Queries.Count} given quer{(request.Queries.Count == 1 ? "y" : "ies")}, each weighted 1",
               request.Queries.Select((q, i) => (Label: $"q{i + 1}", Text: q, Weight: 1.0)).ToList())
            : await WorkloadAsync(request.WorkloadTop, cancellationToken);
        var skipped = new List<SkippedQuery>();
        var queries = new List<AdvisorQuery>();
        foreach (var (label, text, weight) in all)
        {
            var script = SqlClassifier.Classify(text);
            var reason = script.Error is { } error ? $"syntax error: {error.Message}"
                : script.Statements.Count != 1 ? $"{script.Statements.Count} statements: give one statement a query"
                : script.Statements[0].Class is not (StatementClass.Read or StatementClass.Write) || script.Statements[0].Command.StartsWith("EXPLAIN", StringComparison.Ordinal)
                    ? $"{script.Statements[0].Command} has no plan: give SELECT, UPDATE, DELETE, INSERT or MERGE"
                    : null;
            if (reason is null)
            {
                queries.Add(new AdvisorQuery(label, script.Statements[0].Text, weight, SqlNames.Of(script.Statements[0].Text).ParameterCount));
            }
            else
            {
                skipped.Add(new SkippedQuery(label, text, reason));
            }
        }

        if (queries.Count == 0)
        {
            throw new ToolException(skipped.Count == 0
                ? "No query to advise on: pass queries, or run the workload so pg_stat_statements records it."
                : $"No query could be planned: {string.Join("; ", skipped.Select(s => $"{s.Label}: {s.Reason}"))}.");
        }

        try
        {
            return await AdviseAsync(source, queries, skipped, request, sqlRequest, cancellationToken);
        }
        catch (ToolException) when (queries.Count > 1)
        {
            // One query the guard refuses refuses them all: find which, one at a time, and advise on the rest.
            var accepted = new List<AdvisorQuery>();
            foreach (var query in queries)
            {
                try
                {
                    await guard.ExecuteAsync(sqlRequest(query.Text) with { Intent = SqlIntent.Explain }, (_, _) => Task.FromResult(true), cancellationToken);
                    accepted.Add(query);
                }
                catch (ToolException refused)
                {
                    skipped.Add(new SkippedQuery(query.Label, query.Text, refused.Message));
                }
            }

            if (accepted.Count == 0 || accepted.Count == queries.Count)
            {
                throw;
            }

            return await AdviseAsync(source, accepted, skipped, request, sqlRequest, cancellationToken);
        }
    }

    private Task<IndexAdvice> AdviseAsync(
        string source, List<AdvisorQuery> queries, List<SkippedQuery> skipped, IndexAdviceRequest request, Func<string, SqlRequest> sqlRequest, CancellationToken cancellationToken)
    {
        // Each query on lines of its own: a trailing line comment cannot swallow the separator.
        var script = string.Join("\n;\n", queries.Select(q => q.Text));
        return guard.ExecuteAsync(sqlRequest(script) with { Intent = SqlIntent.ExplainEach }, async (connection, statements, ct) =>
        {
            var session = await HypotheticalSession.OpenAsync(connection, ct)
                ?? throw new ToolException($"recommend_indexes needs the hypopg extension to prove each index with the planner. {await HypotheticalIndexes.InstallAdviceAsync(connection, ct)} and call again.");
            try
            {
                // Statement by statement as the guard read them: what runs is what it vetted.
                var planned = queries.Select((q, i) => q with { Text = statements[i].Text }).ToList();
                if (planned.Any(q => q.Parameters > 0))
                {
                    await using var generic = new NpgsqlCommand("SELECT set_config('plan_cache_mode', 'force_generic_plan', true)", connection);
                    await generic.ExecuteNonQueryAsync(ct);
                }

                var baseline = new List<ExplainPlan>();
                foreach (var query in planned)
                {
                    baseline.Add(await query.PlanAsync(connection, ct));
                }

                var (tables, trigramSchema) = await LoadTablesAsync(connection, baseline, ct);
                var rejected = new List<RejectedCandidate>();
                var all = Candidates(baseline, tables, trigramSchema, rejected);
                var readers = baseline.Select(p => p.Relations.Where(r => r.Schema is not null)
                    .Select(r => $"{Identifiers.AsPrinted(r.Schema!)}.{Identifiers.AsPrinted(r.Name)}").ToHashSet()).ToList();
                IReadOnlyList<int> Reading(IndexCandidate c) => Enumerable.Range(0, planned.Count).Where(q => readers[q].Contains(c.Table)).ToList();

                // hypopg simulates btree and BRIN; the others (GIN) are built for real on a shadow copy, or listed unproven.
                var candidates = all.Where(c => HypotheticalIndexes.SimulatedAccessMethods.Contains(c.Method)).ToList();
                var unproven = all.Where(c => c.Extension is not null)
                    .Select(c => (Candidate: c, Reason: $"{c.Extension} is not installed in this database (CREATE EXTENSION {c.Extension} first), so it could not be built on a copy")).ToList();
                var toBuild = all.Where(c => !HypotheticalIndexes.SimulatedAccessMethods.Contains(c.Method) && c.Extension is null).ToList();
                var ratios = new Dictionary<int, IReadOnlyDictionary<int, double>>();
                var proofs = new Dictionary<int, string>();
                var sizes = new List<long>();
                foreach (var candidate in candidates)
                {
                    var index = await session.CreateAsync(candidate.Sql, ct);
                    sizes.Add(await session.SizeAsync(index, ct));
                    await session.DropAsync(index, ct);
                }

                if (toBuild.Count > 0)
                {
                    await DatabaseExecutor.AllowIdleAsync(connection, ShadowWait, ct);
                    var sampled = baseline.SelectMany(p => p.Relations).Where(r => r.Schema is not null).Select(r => (r.Schema!, r.Name)).Distinct().ToList();
                    var trials = await built.RunAsync(
                        toBuild.Select((c, i) => (Position: i, Candidate: c)).ToDictionary(t => t.Position, t => t.Candidate),
                        toBuild.Select((c, i) => (Position: i, Reading: Reading(c))).ToDictionary(t => t.Position, t => t.Reading),
                        planned, sampled, t => tables.GetValueOrDefault(t)?.Rows ?? 0, ct);
                    for (var i = 0; i < toBuild.Count; i++)
                    {
                        if ((trials.Unavailable ?? trials.Trials[i].Failure) is { } failure)
                        {
                            unproven.Add((toBuild[i], $"hypopg cannot simulate GIN and no copy could prove it: {failure}"));
                            continue;
                        }

                        var trial = trials.Trials[i];
                        ratios[candidates.Count] = trial.Costs.ToDictionary(c => c.Key, c => c.Value.Before > 0 ? c.Value.After / c.Value.Before : 1);
                        proofs[candidates.Count] = $"{trials.SampleNote}: " + string.Join(", ", trial.Costs.Where(c => c.Value.After < c.Value.Before)
                            .Select(c => $"{planned[c.Key].Label} {Units.Cost(c.Value.Before)}→{Units.Cost(c.Value.After)}").DefaultIfEmpty("not used there"));
                        candidates.Add(toBuild[i]);
                        sizes.Add(trial.SizeBytes);
                    }
                }

                var selectionQueries = planned.Select((q, i) => new SelectionQuery(q.Weight, baseline[i].TotalCost, readers[i])).ToList();
                var planner = new TrialPlanner(connection, session, planned, candidates, baseline.Select(p => p.TotalCost).ToList(), ratios);
                var limits = new SelectionLimits(request.MaxIndexes, (long)(request.SizeBudgetMb * 1024 * 1024), request.MinGainPercent / 100);
                var selection = await IndexSelection.SelectAsync(
                    selectionQueries, candidates.Select((c, i) => new SelectionCandidate(c.Table, sizes[i])).ToList(), limits, planner, ct);

                // The final plans, with every chosen index: which one each query reads.
                var chosen = selection.Chosen.Select(c => candidates[c.Candidate]).ToList();
                var names = Names([.. chosen, .. unproven.Select(u => u.Candidate)], tables);
                var advised = new List<AdvisedQuery>();
                for (var q = 0; q < planned.Count; q++)
                {
                    var plan = planner.Kept.Count == 0 ? baseline[q] : await planned[q].PlanAsync(connection, ct);
                    var best = selection.Chosen.Select((c, k) => (Ratio: planner.Ratio(c.Candidate, q), Name: names[k])).Prepend((Ratio: 1, Name: "")).MinBy(b => b.Ratio);
                    var builtCost = baseline[q].TotalCost * best.Ratio;
                    var used = builtCost < plan.TotalCost
                        ? [best.Name]
                        : selection.Chosen.Select((c, k) => (Hypothetical: planner.Kept.GetValueOrDefault(c.Candidate), Name: names[k]))
                            .Where(k => k.Hypothetical is not null && HypotheticalIndexes.UsedBy(plan, k.Hypothetical.Name) is not null).Select(k => k.Name).ToList();
                    advised.Add(new AdvisedQuery(planned[q].Label, planned[q].Text, planned[q].Weight, baseline[q].TotalCost, Math.Min(plan.TotalCost, builtCost), used, planned[q].Parameters > 0));
                }

                var indexes = selection.Chosen.Select((c, k) => new AdvisedIndex(
                    candidates[c.Candidate].Concurrently(names[k]), sizes[c.Candidate], c.Gain, c.Helped.Select(q => planned[q].Label).ToList(),
                    proofs.GetValueOrDefault(c.Candidate))).ToList();
                rejected.AddRange(selection.Rejected.Select(r => new RejectedCandidate(candidates[r.Candidate].Sql,
                    Reason(r, sizes[r.Candidate], limits) + (proofs.TryGetValue(r.Candidate, out var proof) ? $" ({proof})" : ""))));
                var unprovenIndexes = unproven.Select((u, k) => new UnprovenIndex(
                    (u.Candidate.Extension is { } extension ? $"CREATE EXTENSION IF NOT EXISTS {extension}; " : "") + u.Candidate.Concurrently(names[chosen.Count + k]),
                    Reading(u.Candidate).Select(q => planned[q].Label).ToList(), u.Reason)).ToList();
                return new IndexAdvice(source, advised, indexes, rejected, skipped, request) { Unproven = unprovenIndexes };
            }
            finally
            {
                await session.ResetAsync(CancellationToken.None);
            }
        }, cancellationToken);
    }

    /// <summary>The candidates of every plan (GIN ones too), less those an existing index serves and those on write-heavy tables (each rejected with why).</summary>
    private static List<IndexCandidate> Candidates(
        List<ExplainPlan> plans, IReadOnlyDictionary<string, AdvisorTable> tables, string? trigramSchema, List<RejectedCandidate> rejected)
    {
        var kept = new List<IndexCandidate>();
        var found = plans.SelectMany(p => PlanCandidates.From(p, t => tables.TryGetValue(t, out var f) ? (f.Rows, f.Correlated) : null))
            .Concat(GinCandidates.From(plans, t => tables.GetValueOrDefault(t)?.ColumnKinds, trigramSchema));
        foreach (var candidate in found.DistinctBy(c => c.Sql))
        {
            var table = tables.GetValueOrDefault(candidate.Table);
            if (table?.Serving(candidate) is { } existing)
            {
                rejected.Add(new RejectedCandidate(candidate.Sql, $"existing index {existing.Name} serves it"));
            }
            else if (table is { WriteHeavy: true })
            {
                rejected.Add(new RejectedCandidate(candidate.Sql,
                    $"write-heavy table: {Units.Count(table.Writes)} rows written vs {Units.Count(table.Scans)} scans since the statistics reset; every index adds work to each write (it has {table.IndexCount} already)"));
            }
            else if (kept.Count < MaxCandidates)
            {
                kept.Add(candidate);
            }
        }

        return kept;
    }

    private static string Reason(RejectedIndex rejected, long size, SelectionLimits limits) => rejected.Reason switch
    {
        Rejection.NoGain => "no gain: the planner does not use it, or no cheaper with it",
        Rejection.TooBig => $"too big: ~{Units.Bytes(size)} does not fit the size budget left ({Units.Bytes(limits.SizeBudgetBytes)} in all)",
        Rejection.IndexLimit => $"max_indexes reached (gain alone {Units.Cost(rejected.Gain)})",
        _ => $"gain below min_gain_percent once the chosen indexes exist (alone {Units.Cost(rejected.Gain)})",
    };

    /// <summary>Conventional names, made unique against the tables' indexes and each other.</summary>
    private static List<string> Names(List<IndexCandidate> chosen, IReadOnlyDictionary<string, AdvisorTable> tables)
    {
        var taken = tables.Values.SelectMany(t => t.Indexes.Select(i => i.Name)).ToHashSet();
        var names = new List<string>();
        foreach (var candidate in chosen)
        {
            var name = candidate.ConventionalName();
            for (var n = 2; taken.Contains(name); n++)
            {
                name = $"{candidate.ConventionalName()[..Math.Min(candidate.ConventionalName().Length, 60)]}{n}";
            }

            taken.Add(name);
            names.Add(Identifiers.AsPrinted(name));
        }

        return names;
    }

    /// <summary>The facts of every table the plans read, and the schema pg_trgm is installed in (null when it is not).</summary>
    private static async Task<(IReadOnlyDictionary<string, AdvisorTable> Tables, string? TrigramSchema)> LoadTablesAsync(NpgsqlConnection connection, List<ExplainPlan> plans, CancellationToken cancellationToken)
    {
        var relations = plans.SelectMany(p => p.Relations).Where(r => r.Schema is not null).Distinct().ToList();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var sql in EmbeddedFiles.Get("Indexes/Sql/advisor_tables.sql").Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql)
            {
                Parameters =
                {
                    new() { Value = relations.Select(r => r.Schema!).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                    new() { Value = relations.Select(r => r.Name).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                },
            });
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var facts = new List<(string Table, double Rows, long Writes, long Scans, int Count, string[] Correlated, string[] Kinds)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            facts.Add((Table(reader.GetString(0), reader.GetString(1)), reader.GetDouble(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt32(5),
                reader.GetFieldValue<string[]>(6), reader.GetFieldValue<string[]>(7)));
        }

        await reader.NextResultAsync(cancellationToken);
        var indexes = new List<(string Table, ExistingIndex Index)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            indexes.Add((Table(reader.GetString(0), reader.GetString(1)), new ExistingIndex(
                reader.GetString(2), reader.GetString(3), reader.GetFieldValue<string[]>(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetBoolean(6))));
        }

        await reader.NextResultAsync(cancellationToken);
        var trigramSchema = await reader.ReadAsync(cancellationToken) ? reader.GetString(0) : null;
        var tables = facts.ToDictionary(f => f.Table, f => new AdvisorTable(
            f.Table, f.Rows, f.Writes, f.Scans, f.Count, f.Correlated.ToHashSet(),
            f.Kinds.Select(k => k.Split(':')).ToDictionary(k => string.Join(':', k[..^1]), k => k[^1]),
            indexes.Where(i => i.Table == f.Table).Select(i => i.Index).ToList()));
        return (tables, trigramSchema);
    }

    private static string Table(string schema, string name) => $"{Identifiers.AsPrinted(schema)}.{Identifiers.AsPrinted(name)}";

    /// <summary>The workload: pg_stat_statements' top statements by total time, weighted by calls; or what to do to get it.</summary>
    private async Task<(string Source, List<(string Label, string Text, double Weight)> Queries)> WorkloadAsync(int top, CancellationToken cancellationToken)
    {
        return await executor.CatalogAsync(async (connection, ct) =>
        {
            string? schema;
            bool preloaded, available;
            await using (var check = new NpgsqlCommand(EmbeddedFiles.Get("Indexes/Sql/workload_availability.sql"), connection))
            await using (var reader = await check.ExecuteReaderAsync(ct))
            {
                await reader.ReadAsync(ct);
                (schema, preloaded, available) = (reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2));
            }

            if (schema is null || !preloaded)
            {
                var steps = new List<string>();
                if (!preloaded)
                {
                    steps.Add("add pg_stat_statements to shared_preload_libraries (postgresql.conf, or ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements' keeping any libraries already listed) and restart PostgreSQL");
                }

                if (schema is null)
                {
                    steps.Add(available ? "run CREATE EXTENSION pg_stat_statements; in this database" : "install PostgreSQL's contrib package (Debian/Ubuntu: postgresql-contrib), then CREATE EXTENSION pg_stat_statements;");
                }

                steps.Add("let the application run a while, and call again");
                throw new ToolException(
                    $"Without queries, recommend_indexes reads the workload from pg_stat_statements, which is not {(schema is null ? "installed in this database" : "loaded at server start")}. " +
                    $"Either pass the queries (queries: [...]), or: {string.Join("; then ", steps.Select((s, i) => $"{i + 1}. {s}"))}.");
            }

            await using var command = new NpgsqlCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, EmbeddedFiles.Get("Indexes/Sql/workload_statements.sql"), Identifiers.Quoted(schema)), connection)
            {
                Parameters = { new() { Value = (long)top } },
            };
            await using var statements = await command.ExecuteReaderAsync(ct);
            var queries = new List<(string, string, double)>();
            while (await statements.ReadAsync(ct))
            {
                queries.Add(($"q{queries.Count + 1}", statements.GetString(0), statements.GetInt64(1)));
            }

            return ($"pg_stat_statements: the top {queries.Count} statements by total time, weighted by calls", queries);
        }, cancellationToken);
    }

    /// <summary>
    /// The trials of one advice. A hypothetical candidate is created with hypopg beside the kept ones, the queries on its
    /// table planned, and dropped again. A built candidate (proven on the shadow) cuts each query's baseline cost by the
    /// share it cut there. A query costs the cheaper of the two: the kept hypothetical indexes' plan, or its baseline cut
    /// by the best kept built index (indexes of both kinds are not assumed to combine).
    /// </summary>
    private sealed class TrialPlanner(
        NpgsqlConnection connection, HypotheticalSession session, List<AdvisorQuery> queries, List<IndexCandidate> candidates,
        IReadOnlyList<double> baseline, IReadOnlyDictionary<int, IReadOnlyDictionary<int, double>> builtRatios) : ITrialPlanner
    {
        private readonly double[] _hypothetical = [.. baseline];
        private readonly HashSet<int> _keptBuilt = [];
        private readonly Dictionary<int, (IReadOnlyList<int> Queries, IReadOnlyList<double> Costs)> _tried = [];

        public Dictionary<int, HypotheticalIndex> Kept { get; } = [];

        /// <summary>The share of query <paramref name="q"/>'s cost left with built candidate <paramref name="candidate"/> (1: no built index, or no help).</summary>
        public double Ratio(int candidate, int q) =>
            builtRatios.TryGetValue(candidate, out var ratios) ? ratios.GetValueOrDefault(q, 1) : 1;

        public async Task<IReadOnlyList<double>> CostsWithAsync(int candidate, IReadOnlyList<int> reading, CancellationToken cancellationToken)
        {
            if (builtRatios.ContainsKey(candidate))
            {
                return reading.Select(q => Math.Min(_hypothetical[q], baseline[q] * Math.Min(BestBuilt(q), Ratio(candidate, q)))).ToList();
            }

            var index = await session.CreateAsync(candidates[candidate].Sql, cancellationToken);
            var costs = new List<double>();
            foreach (var q in reading)
            {
                costs.Add((await queries[q].PlanAsync(connection, cancellationToken)).TotalCost);
            }

            await session.DropAsync(index, cancellationToken);
            _tried[candidate] = (reading, costs);
            return reading.Select((q, i) => Math.Min(costs[i], baseline[q] * BestBuilt(q))).ToList();
        }

        public async Task KeepAsync(int candidate, CancellationToken cancellationToken)
        {
            if (builtRatios.ContainsKey(candidate))
            {
                _keptBuilt.Add(candidate);
                return;
            }

            Kept[candidate] = await session.CreateAsync(candidates[candidate].Sql, cancellationToken);
            var (reading, costs) = _tried[candidate];
            for (var i = 0; i < reading.Count; i++)
            {
                _hypothetical[reading[i]] = costs[i];
            }
        }

        private double BestBuilt(int q) => _keptBuilt.Select(c => Ratio(c, q)).DefaultIfEmpty(1).Min();
    }
}
