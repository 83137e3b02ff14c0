using McpDbEngineer.Tests.Infrastructure;
using ModelContextProtocol.Client;
using Npgsql;

namespace McpDbEngineer.Tests.Memory;

/// <summary>
/// The memory database goes down while the server runs (its open connections cut, new ones refused, through a proxy):
/// a short outage is ridden out by the retries, a long one is answered with the store and what to do, and a memory is
/// either stored whole once or not at all.
/// </summary>
public sealed class MemoryStoreOutageTests(MemoryDatabaseFixture database) : IClassFixture<MemoryDatabaseFixture>
{
    /// <summary>
    /// Shorter than the retries of a write: three of them, after jittered waits of 200 ms growing exponentially, the
    /// last at least about 570 ms after the first failure (Polly's decorrelated jitter for a 200 ms median first delay).
    /// </summary>
    private static readonly TimeSpan ShortOutage = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task StoreDownForLessThanTheRetryWindow_RememberSucceedsOnceItIsBackAndStoresTheMemoryOnce()
    {
        await using var proxy = new SwitchableProxy(database.Memory.Port, enabled: true);
        await using var client = await StartThroughAsync(proxy);
        await client.CallTextAsync("remember", new() { ["title"] = "Outage warm-up", ["body"] = "The store is migrated and its connections pooled." });

        proxy.GoDown();
        var remembering = client.CallTextAsync("remember", new()
        {
            ["title"] = "Short outage: money is numeric(12,2)",
            ["body"] = "Amounts are numeric(12,2), never float.",
            ["tags"] = "money, types",
        });
        await Task.Delay(ShortOutage);
        proxy.Enabled = true;
        var stored = await remembering;

        Assert.StartsWith("remembered ", stored);
        Assert.Equal(1L, await database.MemoryScalarAsync("SELECT count(*) FROM mcp_db_engineer.memories WHERE title = 'Short outage: money is numeric(12,2)'"));
        Assert.Equal("money,types", await database.MemoryScalarAsync("SELECT array_to_string(tags, ',') FROM mcp_db_engineer.memories WHERE title = 'Short outage: money is numeric(12,2)'"));
    }

    [Fact]
    public async Task StoreDownForLongerThanTheRetries_RememberSaysWhichStoreAndWhatToDoAndWritesNothing()
    {
        await using var proxy = new SwitchableProxy(database.Memory.Port, enabled: true);
        await using var client = await StartThroughAsync(proxy, embeddings: "local");
        await client.CallTextAsync("remember", new() { ["title"] = "Long outage warm-up", ["body"] = "The model is loaded and the store migrated." });
        var arguments = new Dictionary<string, object?>
        {
            ["title"] = "Long outage: carts expire after 30 days",
            ["body"] = "Abandoned carts are purged by a nightly job.",
            ["tags"] = "carts, retention",
        };

        proxy.GoDown();
        var error = await client.CallErrorAsync("remember", arguments);
        var rowsWhileDown = await database.MemoryScalarAsync("SELECT count(*) FROM mcp_db_engineer.memories WHERE title = 'Long outage: carts expire after 30 days'");
        proxy.Enabled = true;
        var stored = await RememberOnceBackAsync(client, arguments, TimeSpan.FromSeconds(30));

        Assert.StartsWith($"remember could not reach decision memory's store, memory database {database.Memory.Username}@127.0.0.1:{proxy.Port}/{database.Memory.Database} (--memory-url)", error);
        Assert.Contains("No memory is ever half-written (each is one transaction): call remember again once the store is back", error);
        Assert.DoesNotContain("   at ", error);
        Assert.Equal(0L, rowsWhileDown);
        Assert.StartsWith("remembered ", stored);
        Assert.Equal(1L, await database.MemoryScalarAsync(
            "SELECT count(*) FROM mcp_db_engineer.memories WHERE title = 'Long outage: carts expire after 30 days' AND tags = '{carts,retention}' AND embedding IS NOT NULL"));
    }

    private Task<McpClient> StartThroughAsync(SwitchableProxy proxy, string embeddings = "none")
    {
        var viaProxy = new NpgsqlConnectionStringBuilder(database.Memory.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 2 };
        return database.StartServerAsync("--memory-url", viaProxy.ConnectionString, "--embeddings", embeddings);
    }

    /// <summary>After repeated failures the circuit breaker pauses calls for a few seconds: try until one goes through.</summary>
    private static async Task<string> RememberOnceBackAsync(McpClient client, Dictionary<string, object?> arguments, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var result = await client.CallToolAsync("remember", arguments);
            var text = string.Concat(result.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Select(c => c.Text));
            if (result.IsError != true || DateTime.UtcNow > deadline)
            {
                return text;
            }

            await Task.Delay(500);
        }
    }
}
