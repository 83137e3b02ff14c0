using McpDbEngineer.Tests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpDbEngineer.Tests.Indexes.Vector;

/// <summary>recommend_vector_index through the real server process over stdio, as an agent's client calls it.</summary>
public sealed class RecommendVectorIndexToolTests(VectorDatabase database) : IClassFixture<VectorDatabase>
{
    private async Task<McpClient> StartAsync() =>
        await ServerProcess.StartStdioAsync(database.ConnectionString, ["--shadow-dir", await TestCluster.ShadowDirectoryAsync()]);

    [Fact]
    public async Task Stdio_RecommendVectorIndex_Measure_AnswersTheTableAndTheSetting_SendsProgress_LeavesTheTargetUnchanged()
    {
        await using var client = await StartAsync();
        var before = await DatabaseFingerprint.TakeAsync(database.ConnectionString);
        var progress = new List<ProgressNotificationValue>();

        var result = await client.CallToolAsync(
            "recommend_vector_index",
            new Dictionary<string, object?> { ["table"] = "public.vt", ["measure"] = true, ["sample_rows"] = 3000, ["latency_ms"] = 1000 },
            new Progress<ProgressNotificationValue>(p => { lock (progress) { progress.Add(p); } }));
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));

        Assert.True(result.IsError != true, text);
        Assert.StartsWith("public.vt.v: vector(32), 12000 rows, ", text);
        Assert.Contains("workload: pg_stat_statements: ", text);
        Assert.Contains("; distances: <=> ", text);
        Assert.Contains("\ndecision: hnsw on v vector_cosine_ops (m = 16, ef_construction = 64)\n", text);
        Assert.Contains("\n  CREATE INDEX CONCURRENTLY ON public.vt USING hnsw (v vector_cosine_ops) WITH (m = 16, ef_construction = 64);\n", text);
        Assert.Contains("SET hnsw.iterative_scan = strict_order", text);
        Assert.Contains("[pgvector README, HNSW > Index Options]", text);
        Assert.Matches(@"\nmeasured on shadow mcpdb_shadow_[0-9a-f]{10} \(dropped\): 3000 sampled rows, 100 queries \(held-out rows\), recall@10 against exact search\n", text);
        Assert.Matches(@"\n  hnsw\thnsw\.ef_search\t10\t[01]\.?\d*\t", text);
        Assert.Matches(@"\nmeets recall 0\.95: hnsw with SET hnsw\.ef_search = \d+ \(recall 0\.9[5-9]\d*|1\)?", text);
        Assert.Contains("; p95 within 1000ms", text);
        lock (progress)
        {
            Assert.True(progress.Count >= 5, $"{progress.Count} progress notifications");
            Assert.Contains(progress, p => p.Message?.StartsWith("hnsw built on the sample", StringComparison.Ordinal) == true);
        }

        Assert.Empty(before.Differences(await DatabaseFingerprint.TakeAsync(database.ConnectionString)));
    }

    [Fact]
    public async Task Stdio_RecommendVectorIndex_SmallTable_NoIndex()
    {
        await using var client = await StartAsync();
        await database.ExecuteAsync("UPDATE products SET embedding = array_fill(0.5, ARRAY[16])::vector WHERE id % 2 = 0; ANALYZE products");

        var text = await client.CallTextAsync("recommend_vector_index", new() { ["table"] = "products", ["distance"] = "cosine" });

        Assert.Contains("\ndecision: no index — exact search (ORDER BY embedding <=> $1 LIMIT 10)\n", text);
        Assert.Contains("- small_table: ", text);
        Assert.DoesNotContain("CREATE INDEX", text);
    }

    [Fact]
    public async Task Stdio_RecommendVectorIndex_IsListedWithDescribedParameters_AndRefusesAWrongDistance()
    {
        await using var client = await StartAsync();

        var tool = Assert.Single(await client.ListToolsAsync(), t => t.Name == "recommend_vector_index");
        Assert.False(tool.ProtocolTool.Annotations?.DestructiveHint);
        foreach (var parameter in tool.JsonSchema.GetProperty("properties").EnumerateObject())
        {
            Assert.True(parameter.Value.TryGetProperty("description", out _), $"{parameter.Name} has no description");
        }

        var error = await client.CallErrorAsync("recommend_vector_index", new() { ["table"] = "vt", ["distance"] = "<~>" });
        Assert.Contains("distance '<~>' is not one pgvector indexes", error);
        Assert.DoesNotContain("   at ", error);
    }
}
