using System.Globalization;
using System.Text.RegularExpressions;
using McpDbEngineer.Explain;
using McpDbEngineer.Indexes;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Explain;

/// <summary>explain_query's numbers and findings on real plans of <see cref="PlanShapesDatabase"/>, through the explain service.</summary>
public sealed class ExplainFindingsTests(PlanShapesDatabase database) : IClassFixture<PlanShapesDatabase>
{
    /// <summary>Cheap parallelism, so that a 100k-row table gets a parallel plan (planner_settings, the tool's own parameter).</summary>
    private static readonly string[] Parallel =
        ["max_parallel_workers_per_gather=2", "parallel_setup_cost=0", "parallel_tuple_cost=0", "min_parallel_table_scan_size=0"];

    [Fact]
    public async Task Explain_ParallelSort_ReportsNoNodeSlowerThanTheQueryAndTheWorkersTotalApart()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await services.Get<QueryExplainer>().ExplainAsync(
            "SELECT * FROM big ORDER BY v", new ExplainOptions { Analyze = true, Settings = true, PlannerSettings = Parallel }, default);

        Assert.True(text.Contains("parallel_setup_cost=0", StringComparison.Ordinal), text);
        var execution = Ms(Regex.Match(text, @"execution ([\d.]+m?s);").Groups[1].Value);
        var sort = Regex.Match(text, @"\n +Sort; rows [^\n]*; loops (\d); ([\d.]+m?s) \(\1 processes' total ([\d.]+m?s)\)");
        Assert.True(sort.Success, text);
        Assert.True(Ms(sort.Groups[2].Value) <= execution, text);
        Assert.True(Ms(sort.Groups[3].Value) >= Ms(sort.Groups[2].Value), text);
    }

    [Fact]
    public async Task Explain_TopNUnderAParallelLimit_IsNoDiskSpillButASortForLimitProvenWithAnIndex()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await services.Get<QueryExplainer>().ExplainAsync(
            "SELECT * FROM big ORDER BY v LIMIT 10", new ExplainOptions { PlannerSettings = [.. Parallel, "work_mem=64kB"] }, default);

        Assert.True(text.Contains("Gather Merge", StringComparison.Ordinal), text);
        Assert.DoesNotContain("disk_spill", text);
        Assert.True(text.Contains("\nsort_for_limit public.big: Limit 10 over a Sort of ~", StringComparison.Ordinal), text);
        var proof = Regex.Match(text, @"\nCREATE INDEX ON public\.big \(v\) as btree_big_v: ([\d.]+)→([\d.]+) \(-\d+%\), used by Index Scan");
        Assert.True(proof.Success, text);
        Assert.True(Cost(proof.Groups[2].Value) < Cost(proof.Groups[1].Value) / 10, text);
    }

    [Fact]
    public async Task Explain_EqualityThenOrderByLimit_ProposesAndProvesTheTwoColumnIndex()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await services.Get<QueryExplainer>().ExplainAsync(
            "SELECT * FROM activity WHERE user_id = 42 ORDER BY occurred_at DESC LIMIT 20", new ExplainOptions { Analyze = true }, default);

        Assert.True(text.Contains("\n  → CREATE INDEX ON public.activity (user_id, occurred_at DESC);", StringComparison.Ordinal), text);
        Assert.True(Regex.IsMatch(text, @"\nindex candidates \(hypopg: planner only, nothing built; total cost before→after\):\nCREATE INDEX ON public\.activity \(user_id, occurred_at DESC\) as btree_activity_user_id_occurred_at: [\d.]+→[\d.]+ \(-9\d%\), used by Index Scan"), text);
    }

    [Fact]
    public async Task Explain_FilterOnAnExpression_ProposesTheRealExpressionIndex()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await services.Get<QueryExplainer>().ExplainAsync(
            "SELECT * FROM people WHERE lower(email) = 'user42@example.com'", new ExplainOptions(), default);

        Assert.DoesNotContain("<expression>", text);
        Assert.True(text.Contains("\n  → CREATE INDEX ON public.people ((lower(email)));", StringComparison.Ordinal), text);
        Assert.True(Regex.IsMatch(text, @"\nCREATE INDEX ON public\.people \(\(lower\(email\)\)\) as btree_people_\w+: [\d.]+→[\d.]+ \(-\d+%\), used by "), text);
    }

    [Fact]
    public async Task Explain_GroupByAnExpression_NamesExpressionStatistics()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await services.Get<QueryExplainer>().ExplainAsync(
            "SELECT date_trunc('day', occurred_at), count(*) FROM activity GROUP BY 1", new ExplainOptions { Analyze = true }, default);

        Assert.True(Regex.IsMatch(text, @"\nmisestimate \w*Aggregate[^\n]*: \w*Aggregate estimated \d+ rows, actual 70 "), text);
        Assert.True(text.Contains("CREATE STATISTICS activity_stats ON (date_trunc('day'::text, occurred_at)) FROM public.activity; ANALYZE public.activity (expression statistics", StringComparison.Ordinal), text);
        Assert.DoesNotContain("joined tables", text);
    }

    [Fact]
    public async Task Explain_ScanOfCorrelatedColumns_IsAMisestimateNamingExtendedStatistics()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await services.Get<QueryExplainer>().ExplainAsync(
            "SELECT * FROM pairs WHERE a = 1 AND b = 1", new ExplainOptions { Analyze = true }, default);

        Assert.True(Regex.IsMatch(text, @"\nmisestimate public\.pairs: Seq Scan estimated \d rows, actual 200 \(\d+× under\)"), text);
        Assert.True(text.Contains("CREATE STATISTICS pairs_stats (dependencies, mcv) ON a, b FROM public.pairs; ANALYZE public.pairs", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task Explain_TableNeverAnalyzed_IsWarnedAbout()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await services.Get<QueryExplainer>().ExplainAsync("SELECT * FROM fresh WHERE v = 5", new ExplainOptions(), default);

        Assert.True(text.Contains("\nstale_statistics public.fresh: never analyzed (~10000 live rows)", StringComparison.Ordinal), text);
        Assert.True(text.Contains("→ ANALYZE public.fresh", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task Explain_TableChangedSinceItsLastAnalyze_IsWarnedAbout()
    {
        await using var services = new ServerServices(database.ConnectionString);
        for (var i = 0; i < 100 && await database.ScalarAsync("SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = 'churned'") is not >= 10000L; i++)
        {
            await Task.Delay(100); // the updating session reports its counts within a second
        }

        var text = await services.Get<QueryExplainer>().ExplainAsync("SELECT * FROM churned WHERE v = 5", new ExplainOptions(), default);

        Assert.True(text.Contains("\nstale_statistics public.churned: 10000 rows changed since the last ANALYZE (", StringComparison.Ordinal), text);
        Assert.DoesNotContain("stale_statistics public.big", text);
    }

    [Fact]
    public async Task Explain_SettingsWhenAllAreDefault_SaysSo()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await services.Get<QueryExplainer>().ExplainAsync("SELECT 1", new ExplainOptions { Settings = true }, default);

        Assert.True(text.Contains("\nsettings: all defaults\n", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task Explain_PlannerSettings_ApplyToThisCallOnly()
    {
        await using var services = new ServerServices(database.ConnectionString);
        var explainer = services.Get<QueryExplainer>();

        var changed = await explainer.ExplainAsync(
            "SELECT * FROM big WHERE id = 5", new ExplainOptions { Settings = true, PlannerSettings = ["enable_indexscan=off", "enable_bitmapscan=off", "work_mem=8MB"] }, default);
        var after = await explainer.ExplainAsync("SELECT * FROM big WHERE id = 5", new ExplainOptions { Settings = true }, default);

        Assert.Contains("enable_indexscan=off", changed);
        Assert.Contains("work_mem=8MB", changed);
        Assert.Contains("Seq Scan on public.big", changed);
        Assert.Contains("\nsettings: all defaults\n", after);
        Assert.Contains("Index Scan using big_pkey", after);
    }

    [Theory]
    [InlineData("statement_timeout=0", "planner_settings: statement_timeout is not a planner setting this tool changes")]
    [InlineData("work_mem=lots", "planner_settings: work_mem=lots is not a valid value; work_mem takes a size")]
    [InlineData("enable_seqscan=off; DROP TABLE big", "planner_settings: enable_seqscan=off; DROP TABLE big is not a valid value")]
    [InlineData("work_mem=1kB", "planner_settings: PostgreSQL refused work_mem=1kB:")]
    public async Task Explain_PlannerSettingsOffTheListOrOutOfRange_AreRefusedWithWhatIsAllowed(string setting, string message)
    {
        await using var services = new ServerServices(database.ConnectionString);

        var error = await Assert.ThrowsAsync<ToolException>(() => services.Get<QueryExplainer>().ExplainAsync(
            "SELECT 1", new ExplainOptions { PlannerSettings = [setting] }, default));

        Assert.StartsWith(message, error.Message);
        Assert.Equal(100000L, await database.ScalarAsync("SELECT count(*) FROM big"));
    }

    [Fact]
    public async Task Explain_VectorNearestNeighboursByFullScan_PointsToVectorIndexAdvice()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await services.Get<QueryExplainer>().ExplainAsync(
            "SELECT id FROM vectors ORDER BY embedding <-> '[0.5,0.5,0.5]' LIMIT 5", new ExplainOptions { Analyze = true }, default);

        Assert.True(text.Contains("\nvector_exact_scan public.vectors: exact nearest-neighbour search: Seq Scan read ~10000 rows and sorted them by distance", StringComparison.Ordinal), text);
        Assert.True(text.Contains("ask recommend_vector_index for public.vectors.embedding", StringComparison.Ordinal), text);
        Assert.DoesNotContain("sort_for_limit", text);
    }

    [Fact]
    public async Task Explain_SeveralHypotheticalIndexes_KeepTheSameNamesAloneTogetherAndInThePlan()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await services.Get<QueryExplainer>().ExplainAsync(
            "SELECT * FROM activity WHERE user_id = 42",
            new ExplainOptions { HypotheticalIndexes = ["CREATE INDEX ON activity (user_id)", "CREATE INDEX ON activity (occurred_at)"] },
            default);

        Assert.True(text.Contains(" as btree_activity_user_id: ", StringComparison.Ordinal), text);
        Assert.True(text.Contains("uses btree_activity_user_id\n", StringComparison.Ordinal), text);
        Assert.True(Regex.IsMatch(text, @"\n +(Bitmap )?Index Scan using btree_activity_user_id"), text);
        Assert.DoesNotMatch(@"<\d+>", text);
    }

    [Theory]
    [InlineData("CREATE INDEX ON products USING gin (attributes)", "hypopg cannot simulate gin indexes: it simulates btree, brin, hash, bloom only.", "build it for real on a copy")]
    [InlineData("CREATE INDEX ON products USING hnsw (embedding vector_l2_ops)", "hypopg cannot simulate hnsw indexes", "use recommend_vector_index")]
    public void HypotheticalIndexOfAnAccessMethodHypopgCannotSimulate_SaysWhatToDoInstead(string statement, string message, string instead)
    {
        var error = Assert.Throws<ToolException>(() => HypotheticalIndexes.ValidateHypotheticalIndex(statement));

        Assert.StartsWith(message, error.Message);
        Assert.Contains(instead, error.Message);
    }

    private static double Ms(string text) =>
        text.EndsWith("ms", StringComparison.Ordinal) ? double.Parse(text[..^2], CultureInfo.InvariantCulture) : double.Parse(text[..^1], CultureInfo.InvariantCulture) * 1000;

    private static double Cost(string value) => double.Parse(value, CultureInfo.InvariantCulture);
}
