using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Memory;

/// <summary>Search by meaning with the default local model (all-MiniLM-L6-v2, loaded by the server on first use).</summary>
public sealed class MemorySearchByMeaningTests(MemoryDatabaseFixture database) : IClassFixture<MemoryDatabaseFixture>
{
    private static readonly (string Title, string Body)[] Decisions =
    [
        ("Order ids are uuid v7", "Primary keys of orders are time-ordered uuids so that inserts stay at the right edge of the btree."),
        ("Reviews are partitioned by month", "The reviews table is range-partitioned on created_at; old months are detached and archived."),
        ("No triggers for auditing", "Audit rows are written by the application, not by triggers, to keep bulk loads fast."),
    ];

    [Fact]
    public async Task Paraphrase_WithNoSharedKeyword_FindsTheMemoryByVector()
    {
        await using var client = await database.StartMemoryServerAsync("--embeddings", "local");
        var ids = new List<string>();
        foreach (var (title, body) in Decisions)
        {
            ids.Add(MemoryToolTests.Id(await client.CallTextAsync("remember", new() { ["title"] = title, ["body"] = body })));
        }

        const string Question = "what identifier format did we pick for purchases";
        var hybrid = await client.CallTextAsync("search_memory", new() { ["query"] = Question });
        var wordsOnly = await client.CallTextAsync("search_memory", new() { ["query"] = Question, ["signals"] = "fulltext" });

        Assert.Contains("searched: fulltext, trigram, vector", hybrid);
        Assert.Contains($"1. [decision] Order ids are uuid v7 · {ids[0]}", hybrid);
        Assert.Contains("vector #1", hybrid);
        Assert.DoesNotContain(ids[0], wordsOnly);
        Assert.Equal(384, await database.MemoryScalarAsync("SELECT dimensions FROM mcp_db_engineer.memory_settings WHERE embedding_model = 'all-MiniLM-L6-v2'"));
    }

    [Fact]
    public async Task ModelChange_TurnsVectorSearchOffWithTheFixUntilReembedRuns()
    {
        await using (var client = await database.StartMemoryServerAsync("--embeddings", "local"))
        {
            await client.CallTextAsync("remember", new() { ["title"] = "Reembed: money is numeric", ["body"] = "Amounts are numeric(12,2) everywhere." });
        }

        // As if the store had been filled by another model: this server's vectors must not be compared with those.
        await database.MemoryExecuteAsync("UPDATE mcp_db_engineer.memory_settings SET embedding_model = 'some-other-model'");
        string before;
        await using (var client = await database.StartMemoryServerAsync("--embeddings", "local"))
        {
            before = await client.CallTextAsync("search_memory", new() { ["query"] = "how do we store currency amounts" });
        }

        var reembed = await ChildProcess.RunServerAsync(
            ["memory", "reembed", "--connection", database.ConnectionString, "--memory-url", database.Memory.ConnectionString]);
        string after;
        await using (var client = await database.StartMemoryServerAsync("--embeddings", "local"))
        {
            after = await client.CallTextAsync("search_memory", new() { ["query"] = "how do we store currency amounts" });
        }

        Assert.Contains("searched: fulltext, trigram ·", before);
        Assert.Contains("vector search off: the memory store's vectors come from some-other-model (384 dimensions) and this server uses all-MiniLM-L6-v2; run `mcp-db-engineer memory reembed`", before);
        Assert.Equal(0, reembed.ExitCode);
        Assert.Matches(@"^re-embedded \d+ memories with all-MiniLM-L6-v2 in memory database", reembed.Stdout);
        Assert.Contains("searched: fulltext, trigram, vector", after);
        Assert.Contains("Reembed: money is numeric", after);
        Assert.Equal(0L, await database.MemoryScalarAsync("SELECT count(*) FROM mcp_db_engineer.memories WHERE embedding IS NULL"));
    }

    [Fact]
    public async Task ModelFilesMissing_MemorySaysWhatIsMissingAndHowToFixItAndWorksByWords()
    {
        var empty = Directory.CreateTempSubdirectory("no-minilm").FullName;
        string stored, found;
        await using (var client = await database.StartMemoryServerAsync("--embeddings", "local", "--embedding-model-dir", empty))
        {
            stored = await client.CallTextAsync("remember", new() { ["title"] = "Carts expire after thirty days", ["body"] = "Abandoned carts are purged by a nightly job." });
            found = await client.CallTextAsync("search_memory", new() { ["query"] = "abandoned carts purged" });
        }

        var reembed = await ChildProcess.RunServerAsync(
            ["memory", "reembed", "--connection", database.ConnectionString, "--memory-url", database.Memory.ConnectionString, "--embedding-model-dir", empty]);
        Directory.Delete(empty);

        var missing = $"vector search off: the local embedding model all-MiniLM-L6-v2 is missing ({Path.Combine(empty, "model.onnx")}, {Path.Combine(empty, "vocab.txt")} not found). " +
            "Build or publish the server again";
        Assert.StartsWith("remembered ", stored);
        Assert.Contains("note: " + missing, stored);
        Assert.Contains("searched: fulltext, trigram · this database\nnote: " + missing, found);
        Assert.Contains($"1. [decision] Carts expire after thirty days · {MemoryToolTests.Id(stored)}", found);
        Assert.Null(await database.MemoryScalarAsync("SELECT embedding::text FROM mcp_db_engineer.memories WHERE title = 'Carts expire after thirty days'"));
        Assert.Equal(1, reembed.ExitCode);
        Assert.Contains("No vectors can be made: the local embedding model all-MiniLM-L6-v2 is missing", reembed.Stderr);
    }
}
