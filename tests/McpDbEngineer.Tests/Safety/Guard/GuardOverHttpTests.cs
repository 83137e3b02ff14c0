using McpDbEngineer.Tests.Infrastructure;
using ModelContextProtocol.Client;

namespace McpDbEngineer.Tests.Safety.Guard;

/// <summary>The guard sits behind every transport: the same answers and the same refusals over HTTP as over stdio.</summary>
public sealed class GuardOverHttpTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>, IDisposable
{
    private readonly string _auditFile = Path.Combine(Path.GetTempPath(), $"mcpdb-http-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(_auditFile);

    [Fact]
    public async Task Http_ExecuteSqlAndExplainQueryAnswerAndRefuseWhatTheGuardRefuses()
    {
        await using var server = await ServerProcess.StartHttpAsync(database.ConnectionString, "--audit", "file", "--audit-file", _auditFile);
        await using var client = await server.ConnectAsync();
        var before = await DatabaseFingerprint.TakeAsync(database.ConnectionString);

        var rows = await client.CallTextAsync("execute_sql", new() { ["sql"] = "SELECT count(*) AS n FROM customers" });
        var plan = await client.CallTextAsync("explain_query", new() { ["sql"] = "SELECT * FROM orders WHERE customer_id = 42", ["analyze"] = true });
        var hidden = await client.CallErrorAsync("execute_sql", new() { ["sql"] = "SELECT 1; COMMIT; DROP TABLE orders" });
        var write = await client.CallErrorAsync("execute_sql", new() { ["sql"] = "WITH d AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM d" });
        var analyzedDelete = await client.CallErrorAsync("explain_query", new() { ["sql"] = "DELETE FROM orders", ["analyze"] = true });
        var after = await DatabaseFingerprint.TakeAsync(database.ConnectionString);

        Assert.Equal("n:int8\n2000\n(1 row)\n", DataBlock.Inside(rows));
        Assert.Contains("Seq Scan", plan);
        Assert.Contains("transaction control is not allowed", hidden);
        Assert.Contains("the server is read-only", write);
        Assert.Contains("Refused EXPLAIN ANALYZE of DELETE", analyzedDelete);
        Assert.Empty(before.Differences(after));
    }

    [Fact]
    public async Task Http_ADestructiveStatementReachesTheHumanAndRunsAfterTheirYes()
    {
        await database.ExecuteAsync("CREATE TABLE http_doomed (id int)");
        await using var server = await ServerProcess.StartHttpAsync(database.ConnectionString, "--access", "read-write", "--audit", "file", "--audit-file", _auditFile);
        var human = new ScriptedHuman { Answer = _ => ScriptedHuman.Accept("http_doomed") };
        await using var client = await server.ConnectAsync(options: new McpClientOptions
        {
            Handlers = new McpClientHandlers { ElicitationHandler = (request, _) => ValueTask.FromResult(human.Respond(request!)) },
        });

        var text = await client.CallTextAsync("execute_sql", new() { ["sql"] = "DROP TABLE http_doomed" });

        Assert.Contains("DROP TABLE", text);
        Assert.Contains("DROP TABLE http_doomed", Assert.Single(human.Asked));
        Assert.Null(await database.ScalarAsync("SELECT to_regclass('public.http_doomed')::text"));
    }
}
