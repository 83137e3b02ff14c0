using System.Text.RegularExpressions;
using McpDbEngineer.Tests.Infrastructure;
using McpDbEngineer.Tests.Memory;
using Npgsql;

namespace McpDbEngineer.Tests.Hosting;

/// <summary>
/// The index advice and decision memory areas over Streamable HTTP, as an IDE's client calls them: the same answers as
/// over stdio (where each area is tested in depth), with the target left as it was; and memory kept between sessions.
/// </summary>
public sealed class AdviceAndMemoryOverHttpTests
{
    [Fact]
    public async Task Http_IndexAdviceVectorAdviceAndMemory_AnswerAndLeaveTheTargetUnchanged()
    {
        var target = await TestCluster.CreateSampleDatabaseAsync("httpadvice");
        var memory = await TestCluster.CreateEmptyDatabaseAsync("httpadvicememory");
        await using (var connection = new NpgsqlConnection(target.ConnectionString))
        {
            await connection.OpenAsync();
            await using var duplicate = new NpgsqlCommand("CREATE INDEX http_status_a ON orders (status); CREATE INDEX http_status_b ON orders (status)", connection);
            await duplicate.ExecuteNonQueryAsync();
        }

        var before = await DatabaseFingerprint.TakeAsync(target.ConnectionString);
        await using var server = await ServerProcess.StartHttpAsync(
            target.ConnectionString, "--memory-url", memory.ConnectionString, "--embeddings", "none", "--shadow-dir", await TestCluster.ShadowDirectoryAsync());
        await using var client = await server.ConnectAsync();

        var indexes = await client.CallTextAsync(
            "recommend_indexes", new Dictionary<string, object?> { ["queries"] = new[] { "SELECT * FROM order_items WHERE product_id = $1" } });
        var hygiene = await client.CallTextAsync("review_indexes");
        var vector = await client.CallTextAsync("recommend_vector_index", new() { ["table"] = "products", ["distance"] = "cosine" });
        var stored = await client.CallTextAsync("remember", new() { ["kind"] = "decision", ["title"] = "Order items are found by product", ["body"] = "Index order_items.product_id for the product page." });
        var found = await client.CallTextAsync("search_memory", new() { ["query"] = "order items product" });

        Assert.Contains("\nCREATE INDEX CONCURRENTLY order_items_product_id_idx ON public.order_items (product_id);", indexes);
        Assert.Matches(new Regex(@"\nq1: [\d.]+→[\d.]+ \(-\d+%\), reads order_items_product_id_idx, generic plan \|"), indexes);
        Assert.Matches(new Regex(@"\nduplicate_index public\.http_status_[ab]: same as public\.http_status_[ab]"), hygiene);
        Assert.Contains("\ndecision: no index — exact search (ORDER BY embedding <=> $1 LIMIT 10)\n", vector);
        Assert.StartsWith("remembered ", stored);
        Assert.Contains("1. [decision] Order items are found by product · ", found);
        Assert.Empty(before.Differences(await DatabaseFingerprint.TakeAsync(target.ConnectionString)));
    }

    [Fact]
    public async Task Http_ADecisionRememberedInOneSession_IsFoundByMeaningInTheNext_WithTheDefaultLocalModel()
    {
        var target = await TestCluster.CreateSampleDatabaseAsync("httpmemory");
        var memory = await TestCluster.CreateEmptyDatabaseAsync("httpmemorystore");
        string id;
        await using (var first = await ServerProcess.StartHttpAsync(target.ConnectionString, "--memory-url", memory.ConnectionString))
        {
            await using var client = await first.ConnectAsync();
            id = MemoryToolTests.Id(await client.CallTextAsync(
                "remember",
                new() { ["kind"] = "decision", ["title"] = "Order ids are uuid v7", ["body"] = "Primary keys of orders are time-ordered uuids so that inserts stay at the right edge of the btree." }));
        }

        await using var second = await ServerProcess.StartHttpAsync(target.ConnectionString, "--memory-url", memory.ConnectionString);
        await using var later = await second.ConnectAsync();
        var found = await later.CallTextAsync("search_memory", new() { ["query"] = "what identifier format did we pick for purchases" });

        Assert.Contains("searched: fulltext, trigram, vector", found);
        Assert.Contains($"1. [decision] Order ids are uuid v7 · {id}", found);
        Assert.Contains("vector #1", found);
    }
}
