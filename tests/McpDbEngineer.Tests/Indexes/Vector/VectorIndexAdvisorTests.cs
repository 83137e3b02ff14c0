using McpDbEngineer.Indexes.Vector;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Indexes.Vector;

/// <summary>recommend_vector_index's service against the real PostgreSQL and pgvector, measuring on the shadow cluster.</summary>
public sealed class VectorIndexAdvisorTests(VectorDatabase database) : IClassFixture<VectorDatabase>
{
    private static async Task<ServerServices> ServicesAsync(string connectionString) =>
        new(connectionString, new Dictionary<string, string?> { ["Shadow:Directory"] = await TestCluster.ShadowDirectoryAsync() });

    [Fact]
    public async Task Advise_ReadsTheColumnTheWorkloadsDistanceAndItsFilter()
    {
        await using var services = await ServicesAsync(database.ConnectionString);

        var advice = await services.Get<VectorIndexAdvisor>().AdviseAsync(new VectorAdviceRequest("vt"), null, default);

        Assert.Equal(("public.vt", "v", "vector", 32), (advice.Facts.Table, advice.Facts.Column, advice.Facts.Type, advice.Facts.Dimensions ?? 0));
        Assert.Equal(VectorDatabase.Rows, advice.Facts.Rows);
        Assert.Contains(advice.Facts.Operators, o => o.Operator == "<=>");
        Assert.Contains("grp", advice.Facts.Filters);
        Assert.Equal("vector_cosine_ops", advice.Plan.OperatorClass);
        Assert.Equal("hnsw", advice.Plan.Method);
        Assert.Contains("SET hnsw.iterative_scan = strict_order", advice.Plan.SearchSettings);
    }

    [Fact]
    public async Task Measure_ComputesRecallAgainstExactSearch_FindsTheEfSearchReaching095_LeavesTheTargetUnchanged()
    {
        await using var services = await ServicesAsync(database.ConnectionString);
        var before = await DatabaseFingerprint.TakeAsync(database.ConnectionString);

        var advice = await services.Get<VectorIndexAdvisor>().AdviseAsync(new VectorAdviceRequest("vt", Measure: true, SampleRows: 4_000), null, default);

        var measured = advice.Measurement!;
        Assert.Equal(100, measured.Queries);
        Assert.Equal(4_000, measured.SampleRows);
        var meeting = measured.Meeting("hnsw", 0.95);
        Assert.NotNull(meeting);
        Assert.True(meeting.Recall >= 0.95);
        Assert.All(measured.Trials.Where(t => t.Method == "hnsw" && t.Value < meeting.Value), t => Assert.True(t.Recall < 0.95));
        // Recall is measured, not assumed: one IVFFlat probe of several lists misses true neighbors.
        Assert.True(measured.Trials.Single(t => t.Method == "ivfflat" && t.Value == 1).Recall < 0.9);
        Assert.Contains($"meets recall 0.95: hnsw with SET hnsw.ef_search = {meeting.Value}", VectorAdviceWriter.Write(advice));
        Assert.Empty(before.Differences(await DatabaseFingerprint.TakeAsync(database.ConnectionString)));
        Assert.False(await ShadowCluster.ShadowExistsAsync(measured.Shadow));
    }

    [Fact]
    public async Task Measure_WithGivenQueryVectors_UsesThemAsParameters()
    {
        await using var services = await ServicesAsync(database.ConnectionString);
        var vectors = Enumerable.Range(0, 20).Select(i => "[" + string.Join(",", Enumerable.Range(0, 32).Select(j => ((i * 31 + j * 17) % 100 / 100.0).ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]").ToArray();

        var advice = await services.Get<VectorIndexAdvisor>().AdviseAsync(
            new VectorAdviceRequest("vt", Distance: "<->", LatencyMs: 1000, Measure: true, SampleRows: 3_000, QueryVectors: vectors), null, default);

        Assert.Equal(("given", 20, 3_000L), (advice.Measurement!.QuerySource, advice.Measurement.Queries, advice.Measurement.SampleRows));
        Assert.Equal("vector_l2_ops", advice.Plan.OperatorClass);
    }

    [Fact]
    public async Task Measure_QueryVectorOfTheWrongDimension_IsRefusedBeforeAnyShadow()
    {
        await using var services = await ServicesAsync(database.ConnectionString);

        var error = await Assert.ThrowsAsync<ToolException>(() =>
            services.Get<VectorIndexAdvisor>().AdviseAsync(new VectorAdviceRequest("vt", Measure: true, QueryVectors: ["[1,2,3]"]), null, default));

        Assert.Equal("query_vectors[0] has 3 dimensions; v has 32.", error.Message);
    }

    [Fact]
    public async Task Advise_UnknownTableOrColumn_SaysWhatThereIs()
    {
        await using var services = await ServicesAsync(database.ConnectionString);
        var advisor = services.Get<VectorIndexAdvisor>();

        Assert.Contains("Did you mean", (await Assert.ThrowsAsync<ToolException>(() => advisor.AdviseAsync(new VectorAdviceRequest("vtt"), null, default))).Message);
        Assert.Equal("public.vt has no vector column 'w'. Its vector columns: v.",
            (await Assert.ThrowsAsync<ToolException>(() => advisor.AdviseAsync(new VectorAdviceRequest("vt", Column: "w"), null, default))).Message);
        Assert.StartsWith("public.orders has no vector, halfvec or sparsevec column",
            (await Assert.ThrowsAsync<ToolException>(() => advisor.AdviseAsync(new VectorAdviceRequest("orders"), null, default))).Message);
    }

    [Fact]
    public async Task Measure_Cancelled_StopsAndDropsTheShadow()
    {
        await using var services = await ServicesAsync(database.ConnectionString);
        var progress = new Recorder();
        using var cancel = new CancellationTokenSource();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var run = services.Get<VectorIndexAdvisor>().AdviseAsync(new VectorAdviceRequest("vt", Measure: true, SampleRows: 4_000), progress, cancel.Token);
        while (!progress.Messages.Any(m => m.EndsWith(" ready", StringComparison.Ordinal)) && !run.IsCompleted)
        {
            await Task.Delay(10);
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        var name = progress.Messages.First(m => m.EndsWith(" ready", StringComparison.Ordinal)).Split(' ')[1];
        Assert.False(await ShadowCluster.ShadowExistsAsync(name));
        Assert.DoesNotContain(progress.Messages, m => m.StartsWith("hnsw built", StringComparison.Ordinal));
    }

    private sealed class Recorder : IProgress<VectorProgress>
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public void Report(VectorProgress value)
        {
            lock (_messages)
            {
                _messages.Add(value.Message);
            }
        }
    }
}
