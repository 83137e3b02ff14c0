using McpDbEngineer.Memory;
using McpDbEngineer.OwnSchema;
using McpDbEngineer.Tests.Infrastructure;
using McpDbEngineer.Tests.OwnSchema;
using ModelContextProtocol.Client;
using Npgsql;

namespace McpDbEngineer.Tests.Memory;

/// <summary>Where memory lives, its migrations, and what holds when many write at once or the server dies.</summary>
public sealed class MemoryStoreTests
{
    [Fact]
    public async Task Migrations_GoUpAndDownAndUpAgain()
    {
        var database = await OwnDatabase.CreateAsync();
        await using var server = new ServerServices(database.ConnectionString);
        var migrator = server.Get<OwnSchemaMigrator>();

        var up = await migrator.UpAsync(MemoryStore.Migrations, CancellationToken.None);
        var tables = await database.DescribeSchemaAsync();
        var down = await migrator.DownAsync(MemoryStore.Migrations, 0, CancellationToken.None);
        var afterDown = await database.DescribeSchemaAsync();
        var again = await migrator.UpAsync(MemoryStore.Migrations, CancellationToken.None);

        Assert.Equal([1], up.Select(m => m.Version));
        Assert.Contains("table memories", tables);
        Assert.Contains("table memory_settings", tables);
        Assert.Contains("column memories.search tsvector notnull=f", tables);
        Assert.Contains("column memories.embedding vector notnull=f", tables);
        Assert.Equal([1], down.Select(m => m.Version));
        Assert.DoesNotContain(afterDown, l => l.Contains("memor", StringComparison.Ordinal));
        Assert.Equal([1], again.Select(m => m.Version));
        Assert.Equal(["memory 1 memories"], await database.VersionsAsync());
    }

    [Fact]
    public async Task ReadOnlyTarget_MemoryLivesOnTheLocalClusterAndTheTargetStaysUnchanged()
    {
        var target = await TestCluster.CreateSampleDatabaseAsync("memorylocal");
        var before = await DatabaseFingerprint.TakeAsync(target.ConnectionString);
        string stored, found;
        await using (var client = await ServerProcess.StartStdioAsync(target.ConnectionString, "--sandbox-dir", TestCluster.Root, "--embeddings", "none"))
        {
            stored = await client.CallTextAsync("remember", new() { ["title"] = "Local: orders are never hard-deleted", ["body"] = "Local cluster memory: orders rows get a cancelled status instead.", ["objects"] = "orders" });
            found = await client.CallTextAsync("search_memory", new() { ["query"] = "hard-deleted orders" });
        }

        var after = await DatabaseFingerprint.TakeAsync(target.ConnectionString);
        var memory = SandboxDatabase(await TestCluster.EndpointAsync());
        Assert.Contains("database 'memory' on the embedded local cluster", stored);
        Assert.Contains("Local: orders are never hard-deleted", found);
        Assert.Empty(before.Differences(after));
        Assert.Equal(1L, await ScalarAsync(memory, $"SELECT count(*) FROM mcp_db_engineer.memories WHERE id = '{MemoryToolTests.Id(stored)}' AND objects = '{{public.orders}}' AND target LIKE '%/{target.Database}'"));
    }

    [Fact]
    public async Task ReadWriteTarget_MemoryLivesThereButDescribeTableAloneCreatesNothing()
    {
        var target = await TestCluster.CreateSampleDatabaseAsync("memoryreadwrite");
        string described, stored, again;
        await using (var client = await ServerProcess.StartStdioAsync(target.ConnectionString, "--access", "read-write", "--embeddings", "none"))
        {
            described = await client.CallTextAsync("describe_table", new() { ["table"] = "orders" });
            var before = await ScalarAsync(target, "SELECT to_regclass('mcp_db_engineer.memories') IS NULL");
            stored = await client.CallTextAsync("remember", new() { ["title"] = "Read-write: memory in the target", ["body"] = "Memory lives in the target in read-write mode.", ["objects"] = "orders" });
            again = await client.CallTextAsync("describe_table", new() { ["table"] = "orders" });
            Assert.Equal(true, before);
        }

        Assert.DoesNotContain("memory:", described);
        Assert.Contains("memory: the target database itself (read-write mode)", stored);
        Assert.EndsWith("memory: 1 memory concerns public.orders — search_memory objects=public.orders (or list_memories objects=public.orders)\n", again);
    }

    [Fact]
    public async Task EightClientsWritingAtOnce_LoseNothingAndDuplicateNothing()
    {
        var target = await TestCluster.CreateSampleDatabaseAsync("memoryconcurrent");
        var memory = await TestCluster.CreateEmptyDatabaseAsync("memoryconcurrentstore");
        const int Clients = 8, Writes = 25;
        var clients = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ =>
            ServerProcess.StartStdioAsync(target.ConnectionString, "--memory-url", memory.ConnectionString, "--embeddings", "none")));
        try
        {
            var answers = await Task.WhenAll(clients.Select((client, c) => Task.Run(async () =>
            {
                var ids = new List<string>();
                for (var w = 0; w < Writes; w++)
                {
                    ids.Add(MemoryToolTests.Id(await client.CallTextAsync("remember", new() { ["title"] = $"Concurrent {c}-{w}", ["body"] = $"Written by client {c}, write {w}." })));
                    // the same memory from every client: stored once
                    await client.CallTextAsync("remember", new() { ["title"] = "Concurrent shared", ["body"] = $"Everyone writes this, round {w}." });
                }

                return ids;
            })));

            var acknowledged = answers.SelectMany(a => a).ToList();
            Assert.Equal(Clients * Writes, acknowledged.Distinct().Count());
            Assert.Equal((long)Clients * Writes, await ScalarAsync(memory, "SELECT count(*) FROM mcp_db_engineer.memories WHERE title LIKE 'Concurrent %-%'"));
            Assert.Equal((long)Writes, await ScalarAsync(memory, "SELECT count(*) FROM mcp_db_engineer.memories WHERE title = 'Concurrent shared'"));
            Assert.Equal(0L, await ScalarAsync(memory, "SELECT count(*) FROM (SELECT title FROM mcp_db_engineer.memories GROUP BY title, body HAVING count(*) > 1) d"));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AcknowledgedWrite_SurvivesTheServerBeingKilledRightAfter()
    {
        var target = await TestCluster.CreateSampleDatabaseAsync("memorykill");
        var memory = await TestCluster.CreateEmptyDatabaseAsync("memorykillstore");
        string id;
        await using (var server = await ServerProcess.StartHttpAsync(target.ConnectionString, "--memory-url", memory.ConnectionString, "--embeddings", "none"))
        {
            await using var client = await server.ConnectAsync();
            id = MemoryToolTests.Id(await client.CallTextAsync("remember", new() { ["title"] = "Durable", ["body"] = "Acknowledged means committed." }));
            server.Process.Kill(entireProcessTree: true);
        }

        Assert.Equal(1L, await ScalarAsync(memory, $"SELECT count(*) FROM mcp_db_engineer.memories WHERE id = '{id}'"));
    }

    [Fact]
    public async Task MemoryDatabaseDown_MemoryToolsSaySoAndTheOtherToolsWork()
    {
        var target = await TestCluster.CreateSampleDatabaseAsync("memorydown");
        await using var client = await ServerProcess.StartStdioAsync(target.ConnectionString, "--memory-url", "postgres://nobody@127.0.0.1:1/memory", "--embeddings", "none");

        var error = await client.CallErrorAsync("remember", new() { ["title"] = "t", ["body"] = "b" });
        var schemas = await client.CallTextAsync("list_schemas");
        var described = await client.CallTextAsync("describe_table", new() { ["table"] = "orders" });

        Assert.StartsWith("Decision memory is unavailable: memory database nobody@127.0.0.1:1/memory (--memory-url) cannot be used", error);
        Assert.Contains("--memory-url or MEMORY_DATABASE_URL", error);
        Assert.Contains("public", schemas);
        Assert.StartsWith("public.orders", DataBlock.Content(described));
        Assert.DoesNotContain("memory:", described);
    }

    [Fact]
    public async Task OpenAiWithoutAModel_IsRefusedAtStartWithTheSettingToGive()
    {
        var outcome = await ChildProcess.RunServerAsync(["serve", "--embeddings", "openai", "--embedding-endpoint", "localhost:11434"]);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("Memory:Embeddings=openai needs Memory:EmbeddingModel (--embedding-model)", outcome.Stderr);
        Assert.Contains("Memory:EmbeddingEndpoint must be an http(s) URL", outcome.Stderr);
    }

    private static NpgsqlConnectionStringBuilder SandboxDatabase(McpDbEngineer.Sandbox.ClusterEndpoint endpoint) =>
        McpDbEngineer.Sandbox.SandboxDatabase.Connection(endpoint, "memory");

    private static async Task<object?> ScalarAsync(NpgsqlConnectionStringBuilder database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
