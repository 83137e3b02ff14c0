using McpDbEngineer.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpDbEngineer.Tests.Memory;

/// <summary>The memory tools through a real server and MCP client, words only (--embeddings none), memory in a database of the class's own.</summary>
public sealed class MemoryToolTests(MemoryDatabaseFixture database) : IClassFixture<MemoryDatabaseFixture>
{
    [Fact]
    public async Task Remember_ThenSearchByKeywords_FindsItAndSaysWhereMemoryLives()
    {
        await using var client = await database.StartMemoryServerAsync();
        var stored = await client.CallTextAsync("remember", new()
        {
            ["title"] = "Invoices keep their totals denormalized",
            ["body"] = "Invoice totals are stored on the invoice row because recomputing them from lines made the monthly report scan 40M rows.",
            ["tags"] = "reporting, Denormalization",
        });
        var id = Id(stored);

        var found = await client.CallTextAsync("search_memory", new() { ["query"] = "denormalized invoice totals" });

        Assert.StartsWith("remembered ", stored);
        Assert.Contains("(--memory-url)", stored);
        Assert.Contains("searched: fulltext, trigram", found);
        Assert.Contains("note: vector search off: Memory:Embeddings is none", found);
        Assert.Contains($"1. [decision] Invoices keep their totals denormalized · {id}", found);
        Assert.Contains("tags denormalization,reporting", found);
        Assert.Contains("fulltext #1", found);
    }

    [Fact]
    public async Task SameTitleAndBodyTwice_IsStoredOnceWithTagsMerged()
    {
        await using var client = await database.StartMemoryServerAsync();
        var arguments = new Dictionary<string, object?> { ["title"] = "Soft deletes use deleted_at", ["body"] = "Rows are never deleted from customers; deleted_at marks them.", ["tags"] = "a" };

        var first = Id(await client.CallTextAsync("remember", arguments));
        arguments["tags"] = "b";
        var again = await client.CallTextAsync("remember", arguments);

        Assert.Equal(first, Id(again));
        Assert.StartsWith("already remembered", again);
        Assert.Equal(1L, await database.MemoryScalarAsync("SELECT count(*) FROM mcp_db_engineer.memories WHERE title = 'Soft deletes use deleted_at'"));
        Assert.Equal("a,b", await database.MemoryScalarAsync("SELECT array_to_string(tags, ',') FROM mcp_db_engineer.memories WHERE title = 'Soft deletes use deleted_at'"));
    }

    [Fact]
    public async Task BadInput_IsRefusedWithWhatToDo()
    {
        await using var client = await database.StartMemoryServerAsync();

        var empty = await client.CallErrorAsync("remember", new() { ["title"] = "t", ["body"] = "  " });
        var huge = await client.CallErrorAsync("remember", new() { ["title"] = "t", ["body"] = new string('x', 9000) });
        var kind = await client.CallErrorAsync("remember", new() { ["title"] = "t", ["body"] = "b", ["kind"] = "rumour" });
        var table = await client.CallErrorAsync("remember", new() { ["title"] = "t", ["body"] = "b", ["objects"] = "order" });
        var column = await client.CallErrorAsync("remember", new() { ["title"] = "t", ["body"] = "b", ["objects"] = "public.orders.nope" });
        var id = await client.CallErrorAsync("get_memory", new() { ["id"] = "42" });

        Assert.Contains("The body is empty", empty);
        Assert.Contains("9000 bytes; memories take at most 8192", huge);
        Assert.Contains("Use one of: decision, pattern, finding, task, note", kind);
        Assert.Contains("Did you mean", table);
        Assert.Contains("public.orders has no column 'nope'", column);
        Assert.Contains("not a memory id", id);
        Assert.Equal(0L, await database.MemoryScalarAsync("SELECT count(*) FROM mcp_db_engineer.memories WHERE title = 't'"));
    }

    [Fact]
    public async Task Filters_NarrowSearchesAndListings()
    {
        await using var client = await database.StartMemoryServerAsync();
        await client.CallTextAsync("remember", new() { ["title"] = "Filter test: orders index on status", ["body"] = "Filter test body about orders status index.", ["kind"] = "finding", ["tags"] = "filtertest,index", ["objects"] = "orders.status", ["author"] = "alice" });
        await client.CallTextAsync("remember", new() { ["title"] = "Filter test: customers email unique", ["body"] = "Filter test body about customers email.", ["kind"] = "decision", ["tags"] = "filtertest", ["objects"] = "public.customers", ["author"] = "bob" });

        var findings = await client.CallTextAsync("search_memory", new() { ["query"] = "filter test", ["kind"] = "finding" });
        var onOrders = await client.CallTextAsync("list_memories", new() { ["objects"] = "public.orders" });
        var byBob = await client.CallTextAsync("list_memories", new() { ["author"] = "bob", ["tags"] = "filtertest" });
        var tagged = await client.CallTextAsync("list_memories", new() { ["tags"] = "filtertest,index" });
        var future = await client.CallTextAsync("list_memories", new() { ["tags"] = "filtertest", ["since"] = "2999-01-01" });

        Assert.Contains("orders index on status", findings);
        Assert.DoesNotContain("customers email unique", findings);
        Assert.Contains("on public.orders.status", onOrders);
        Assert.DoesNotContain("customers email", onOrders);
        Assert.Contains("customers email unique", byBob);
        Assert.DoesNotContain("orders index", byBob);
        Assert.Contains("orders index on status", tagged);
        Assert.DoesNotContain("customers email", tagged);
        Assert.Contains("no memories match", future);
    }

    [Fact]
    public async Task Supersede_SearchShowsTheNewestAndGetMemoryTheChain()
    {
        await using var client = await database.StartMemoryServerAsync();
        var first = Id(await client.CallTextAsync("remember", new() { ["title"] = "Chain: sessions live in Redis", ["body"] = "Chain: session state is kept in Redis for speed.", ["tags"] = "chaintest" }));
        var second = Id(await client.CallTextAsync("supersede", new() { ["id"] = first, ["title"] = "Chain: sessions live in PostgreSQL", ["body"] = "Chain: session state moved to an unlogged PostgreSQL table; Redis was one more thing to run." }));
        var third = Id(await client.CallTextAsync("supersede", new() { ["id"] = second, ["title"] = "Chain: sessions live in a logged table", ["body"] = "Chain: unlogged lost sessions on failover; the session table is logged again." }));

        var found = await client.CallTextAsync("search_memory", new() { ["query"] = "chain session" });
        var middle = await client.CallTextAsync("get_memory", new() { ["id"] = second });
        var history = await client.CallTextAsync("list_memories", new() { ["tags"] = "chaintest", ["include_forgotten"] = true });

        Assert.Contains(third, found);
        Assert.Contains($"supersedes {second}", found);
        Assert.DoesNotContain($"· {first} ·", found);
        Assert.DoesNotContain($"· {second} ·", found);
        Assert.Contains($"SUPERSEDED by {third}", middle);
        Assert.Contains($"supersedes {first}", middle);
        Assert.Contains("chain (newest first):", middle);
        Assert.True(middle.IndexOf(third, middle.IndexOf("chain", StringComparison.Ordinal), StringComparison.Ordinal) < middle.IndexOf(first, middle.IndexOf("chain", StringComparison.Ordinal), StringComparison.Ordinal));
        Assert.Contains("chaintest", await client.CallTextAsync("get_memory", new() { ["id"] = third })); // tags carried over
        Assert.Equal(3, history.Split('\n').Count(l => l.Contains("Chain: sessions", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Forget_HidesTheMemoryButKeepsItInHistory()
    {
        await using var client = await database.StartMemoryServerAsync();
        var id = Id(await client.CallTextAsync("remember", new() { ["title"] = "Forgettable: nightly vacuum of events", ["body"] = "Forgettable: events gets a manual VACUUM every night." }));

        var answer = await client.CallTextAsync("forget", new() { ["id"] = id });
        var search = await client.CallTextAsync("search_memory", new() { ["query"] = "forgettable nightly vacuum" });
        var history = await client.CallTextAsync("list_memories", new() { ["include_forgotten"] = true });
        var full = await client.CallTextAsync("get_memory", new() { ["id"] = id });

        Assert.StartsWith($"forgotten {id}", answer);
        Assert.DoesNotContain(id, search);
        Assert.Contains($"{id}", history);
        Assert.Contains("FORGOTTEN", full);
        Assert.Equal(1L, await database.MemoryScalarAsync($"SELECT count(*) FROM mcp_db_engineer.memories WHERE id = '{id}' AND forgotten_at IS NOT NULL"));
    }

    [Fact]
    public async Task Resources_ServeOneMemoryAndTheRecentDecisions()
    {
        await using var client = await database.StartMemoryServerAsync();
        var id = Id(await client.CallTextAsync("remember", new() { ["title"] = "Resource: money is numeric(12,2)", ["body"] = "Resource: amounts are numeric(12,2), never float." }));

        var templates = await client.ListResourceTemplatesAsync();
        var one = await client.ReadResourceAsync($"memory://{id}");
        var recent = await client.ReadResourceAsync("memory://decisions/recent");

        Assert.Contains(templates, t => t.UriTemplate == "memory://{id}");
        Assert.Contains("Resource: amounts are numeric(12,2), never float.", Text(one));
        Assert.Contains($"Resource: money is numeric(12,2) · {id}", Text(recent));
    }

    [Fact]
    public async Task DescribeTable_EndsWithHowManyMemoriesConcernTheTable()
    {
        await using var client = await database.StartMemoryServerAsync();
        await client.CallTextAsync("remember", new() { ["title"] = "Describe: reviews are append-only", ["body"] = "Describe: reviews rows are never updated.", ["objects"] = "reviews, reviews.rating" });
        await client.CallTextAsync("remember", new() { ["title"] = "Describe: rating is 1 to 5", ["body"] = "Describe: the rating check allows 1 to 5.", ["objects"] = "public.reviews.rating" });

        var described = await client.CallTextAsync("describe_table", new() { ["table"] = "reviews" });

        Assert.EndsWith("memory: 2 memories concern public.reviews — search_memory objects=public.reviews (or list_memories objects=public.reviews)\n", described);
    }

    [Fact]
    public async Task MemoryWrites_AreInTheAuditLog()
    {
        var auditFile = Path.Combine(Path.GetTempPath(), $"memory-audit-{Guid.NewGuid():N}.jsonl");
        await using (var client = await database.StartMemoryServerAsync("--audit-file", auditFile))
        {
            var id = Id(await client.CallTextAsync("remember", new() { ["title"] = "Audited memory", ["body"] = "Audited: memory writes are audited." }));
            await client.CallTextAsync("forget", new() { ["id"] = id });
        }

        var entries = (await File.ReadAllLinesAsync(auditFile)).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        File.Delete(auditFile);
        Assert.Contains(entries, e => e.GetProperty("tool").GetString() == "remember" && e.GetProperty("statement").GetString() == "remember decision 'Audited memory'"
            && e.GetProperty("classification").GetString() == "memory write" && e.GetProperty("outcome").GetString()!.StartsWith("ok: stored ", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.GetProperty("tool").GetString() == "forget" && e.GetProperty("statement").GetString()!.EndsWith("'Audited memory'", StringComparison.Ordinal));
    }

    internal static string Id(string answer) =>
        answer.Split(' ', '\n').First(w => Guid.TryParse(w, out _));

    private static string Text(ReadResourceResult result) => string.Concat(result.Contents.OfType<TextResourceContents>().Select(c => c.Text));
}
