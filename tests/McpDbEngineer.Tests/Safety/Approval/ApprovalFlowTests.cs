using System.Text.Json;
using McpDbEngineer.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpDbEngineer.Tests.Safety.Approval;

/// <summary>A read-write server over stdio whose client lets <see cref="Human"/> answer, auditing to a file.</summary>
public sealed class ApprovalServer : SampleDatabaseFixture, IAsyncLifetime
{
    private McpClient? _client;

    public ScriptedHuman Human { get; } = new();

    public string AuditFile { get; } = Path.Combine(Path.GetTempPath(), $"mcpdb-approval-{Guid.NewGuid():N}.jsonl");

    public McpClient Client => _client!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        _client = await ServerProcess.StartStdioWithArgumentsAsync(
            ["serve", "--connection", ConnectionString, "--access", "read-write", "--audit", "file", "--audit-file", AuditFile],
            new McpClientOptions
            {
                Handlers = new McpClientHandlers { ElicitationHandler = (request, _) => ValueTask.FromResult(Human.Respond(request!)) },
            });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        File.Delete(AuditFile);
    }

    /// <summary>The audit entries recorded for exactly this statement text, oldest first.</summary>
    public IReadOnlyList<JsonElement> AuditOf(string statement) =>
        File.ReadAllLines(AuditFile)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(entry => entry.GetProperty("statement").GetString() == statement)
            .ToList();
}

/// <summary>
/// Destructive statements in read-write mode, end to end over stdio with a client that can ask its human:
/// they reach the human with the statement and what it destroys, and run only when the human accepts and types
/// the object's name. (Approval without elicitation and the basic accept/wrong-name pair: ExecuteSqlTests.)
/// </summary>
public sealed class ApprovalFlowTests(ApprovalServer server) : IClassFixture<ApprovalServer>
{
    private async Task<bool> ExistsAsync(string table) => await server.ScalarAsync($"SELECT to_regclass('public.{table}')::text") is not null;

    private Task<object?> RowsAsync(string table) => server.ScalarAsync($"SELECT count(*) FROM {table}");

    [Fact]
    public async Task DropTable_ReachesTheHumanWithTheStatementAndTheObjectNameAndRunsWhenTheNameIsTyped()
    {
        await server.ExecuteAsync("CREATE TABLE approve_drop (id int)");
        ElicitRequestParams? asked = null;
        server.Human.Answer = request =>
        {
            asked = request;
            return ScriptedHuman.Accept("approve_drop");
        };

        var text = await server.Client.CallTextAsync("execute_sql", new() { ["sql"] = "DROP TABLE approve_drop" });

        Assert.NotNull(asked);
        Assert.Contains("DESTRUCTIVE", asked.Message);
        Assert.Contains("DROP TABLE approve_drop", asked.Message);
        Assert.Contains("It destroys: table approve_drop", asked.Message);
        Assert.Contains("type approve_drop", asked.Message);
        Assert.Contains("- dropped table public.approve_drop", asked.Message);
        Assert.Equal(["confirm"], asked.RequestedSchema?.Required);
        Assert.Contains("DROP TABLE", text);
        Assert.False(await ExistsAsync("approve_drop"));
        var entry = Assert.Single(server.AuditOf("DROP TABLE approve_drop"));
        Assert.Equal("approved by a human; measured: dropped table public.approve_drop", entry.GetProperty("decision").GetString());
        Assert.Equal("ok", entry.GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData("decline")]
    [InlineData("cancel")]
    public async Task DropTable_DeclinedOrCancelled_LeavesTheTableAndIsAudited(string action)
    {
        var table = $"keep_{action}";
        await server.ExecuteAsync($"CREATE TABLE {table} (id int)");
        // A human who says no may still have typed the name: the action decides.
        server.Human.Answer = _ => new ElicitResult
        {
            Action = action,
            Content = new Dictionary<string, JsonElement> { ["confirm"] = JsonSerializer.SerializeToElement(table) },
        };

        var error = await server.Client.CallErrorAsync("execute_sql", new() { ["sql"] = $"DROP TABLE {table}" });

        Assert.Contains("did not approve", error);
        Assert.Contains("Do not retry", error);
        Assert.True(await ExistsAsync(table));
        var entry = Assert.Single(server.AuditOf($"DROP TABLE {table}"));
        Assert.Equal("refused: declined by the human", entry.GetProperty("decision").GetString());
        Assert.Equal("rolled back", entry.GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("KEEP_WRONG")]
    [InlineData("keep_wrong_not")]
    [InlineData("")]
    public async Task DropTable_AcceptedWithoutTheExactName_LeavesTheTable(string typed)
    {
        await server.ExecuteAsync("CREATE TABLE IF NOT EXISTS keep_wrong (id int)");
        server.Human.Answer = _ => ScriptedHuman.Accept(typed);

        var error = await server.Client.CallErrorAsync("execute_sql", new() { ["sql"] = "DROP TABLE keep_wrong" });

        Assert.Contains("did not approve", error);
        Assert.True(await ExistsAsync("keep_wrong"));
    }

    [Fact]
    public async Task DropTable_AcceptedWithNoContent_LeavesTheTable()
    {
        await server.ExecuteAsync("CREATE TABLE keep_empty (id int)");
        server.Human.Answer = _ => new ElicitResult { Action = "accept" };

        var error = await server.Client.CallErrorAsync("execute_sql", new() { ["sql"] = "DROP TABLE keep_empty" });

        Assert.Contains("did not approve", error);
        Assert.True(await ExistsAsync("keep_empty"));
    }

    [Theory]
    [InlineData("TRUNCATE approve_rows", "It destroys: all rows of approve_rows")]
    [InlineData("DELETE FROM approve_rows", "It destroys: all rows of approve_rows")]
    [InlineData("DELETE FROM approve_rows WHERE 1 = 1", "It destroys: all rows of approve_rows")]
    [InlineData("UPDATE approve_rows SET id = 0", "It destroys: all rows of approve_rows")]
    public async Task WholeTableChanges_RunOnlyAfterTheHumanTypesTheTableName(string sql, string destroys)
    {
        await server.ExecuteAsync("DROP TABLE IF EXISTS approve_rows; CREATE TABLE approve_rows AS SELECT generate_series(1, 5) AS id");
        server.Human.Answer = _ => new ElicitResult { Action = "decline" };
        var declined = await server.Client.CallErrorAsync("execute_sql", new() { ["sql"] = sql });
        var rowsAfterDecline = await RowsAsync("approve_rows");
        var sumAfterDecline = await server.ScalarAsync("SELECT sum(id) FROM approve_rows");
        server.Human.Answer = _ => ScriptedHuman.Accept("approve_rows");

        var approved = await server.Client.CallTextAsync("execute_sql", new() { ["sql"] = sql });

        Assert.Contains("did not approve", declined);
        Assert.Equal(5L, rowsAfterDecline);
        Assert.Equal(15L, sumAfterDecline);
        Assert.Contains(destroys, server.Human.Asked[^1]);
        Assert.Contains(sql, server.Human.Asked[^1]);
        Assert.Matches(@"^(TRUNCATE|DELETE 5|UPDATE 5)\n$", approved);
        Assert.Contains("of approve_rows", server.Human.Asked[^1]);
        Assert.Equal(["refused: declined by the human", "approved by a human"], server.AuditOf(sql).Select(e => e.GetProperty("decision").GetString()!.Split(';')[0]));
    }

    [Fact]
    public async Task ScriptWithADestructiveStatement_IsShownWholeWithItsEffectAndDeclinedRollsAllOfItBack()
    {
        await server.ExecuteAsync("CREATE TABLE script_log (id int); CREATE TABLE script_victim (id int)");
        server.Human.Answer = _ => new ElicitResult { Action = "decline" };

        await server.Client.CallErrorAsync("execute_sql", new() { ["sql"] = "INSERT INTO script_log VALUES (1); DROP TABLE script_victim" });

        // The human approves the whole transaction, so they see all of it and what it did.
        Assert.Equal(0L, await RowsAsync("script_log"));
        Assert.True(await ExistsAsync("script_victim"));
        Assert.Contains("DROP TABLE script_victim", server.Human.Asked[^1]);
        Assert.Contains("INSERT INTO script_log", server.Human.Asked[^1]);
        Assert.Contains("- inserted 1 row into public.script_log", server.Human.Asked[^1]);
        Assert.Contains("- dropped table public.script_victim", server.Human.Asked[^1]);
    }

    [Fact]
    public async Task NonDestructiveChanges_NeverAskTheHuman()
    {
        await server.ExecuteAsync("CREATE TABLE quiet_change (id int)");
        var askedBefore = server.Human.Asked.Count;

        var text = await server.Client.CallTextAsync("execute_sql", new()
        {
            ["sql"] = "INSERT INTO quiet_change VALUES (1), (2); UPDATE quiet_change SET id = 3 WHERE id = 2; DELETE FROM quiet_change WHERE id = 1",
        });

        Assert.Equal("INSERT 2\nUPDATE 1\nDELETE 1\n", text);
        Assert.Equal(askedBefore, server.Human.Asked.Count);
        Assert.Equal(3, await server.ScalarAsync("SELECT id FROM quiet_change"));
    }

    [Fact]
    public async Task AScriptThatReachesBeyondTheDatabaseNeverReachesTheHuman()
    {
        await server.ExecuteAsync("CREATE TABLE doomed_v (id int); CREATE FUNCTION tick() RETURNS int LANGUAGE sql AS 'SELECT pg_cancel_backend(0)::int'");
        var askedBefore = server.Human.Asked.Count;
        server.Human.Answer = _ => ScriptedHuman.Accept("doomed_v");

        var error = await server.Client.CallErrorAsync("execute_sql", new() { ["sql"] = "SELECT tick(); DROP TABLE doomed_v" });

        Assert.Contains("Nothing run through this server may reach", error);
        Assert.Contains("pg_cancel_backend", error);
        Assert.Equal(askedBefore, server.Human.Asked.Count);
        Assert.True(await ExistsAsync("doomed_v"));
    }

    [Fact]
    public async Task AWriteThatChangedMostOfItsTableNeedsTheHumansYes()
    {
        await server.ExecuteAsync("CREATE TABLE ledger AS SELECT g AS id, g % 7 AS kind FROM generate_series(1, 1000) g; ANALYZE ledger");
        var askedBefore = server.Human.Asked.Count;
        server.Human.Answer = _ => new ElicitResult { Action = "decline" };

        var selective = await server.Client.CallTextAsync("execute_sql", new() { ["sql"] = "DELETE FROM ledger WHERE id <= 5" });
        var declined = await server.Client.CallErrorAsync("execute_sql", new() { ["sql"] = "DELETE FROM ledger WHERE id > 0" });
        var declinedWithParameter = await server.Client.CallErrorAsync("execute_sql", new() { ["sql"] = "UPDATE ledger SET kind = 0 WHERE id > $1", ["parameters"] = new[] { "10" } });
        server.Human.Answer = _ => ScriptedHuman.Accept("public.ledger");
        var approved = await server.Client.CallTextAsync("execute_sql", new() { ["sql"] = "DELETE FROM ledger WHERE kind >= 0" });

        Assert.Contains("DELETE 5", selective);
        Assert.Contains("did not approve", declined);
        Assert.Contains("did not approve", declinedWithParameter);
        Assert.Equal(askedBefore + 3, server.Human.Asked.Count);
        Assert.Contains("deleted 995 of 995 rows of public.ledger (more than 10% of the table)", server.Human.Asked[askedBefore]);
        Assert.Contains("updated 990 of 995 rows of public.ledger (50% or more of the table)", server.Human.Asked[askedBefore + 1]);
        Assert.Contains("DELETE 995", approved);
        Assert.Equal(0L, await RowsAsync("ledger"));
    }

    [Fact]
    public async Task ATriggerRunsOnlyAfterTheHumanTypesTheCommand()
    {
        await server.ExecuteAsync("""
            CREATE TABLE trigger_target (id int);
            CREATE FUNCTION trigger_noop() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
            """);
        var askedBefore = server.Human.Asked.Count;
        server.Human.Answer = _ => ScriptedHuman.Accept("CREATE TRIGGER");
        const string Sql = "CREATE TRIGGER watch AFTER INSERT ON trigger_target FOR EACH ROW EXECUTE FUNCTION trigger_noop()";

        await server.Client.CallTextAsync("execute_sql", new() { ["sql"] = Sql });

        var asked = server.Human.Asked[askedBefore];
        Assert.Contains(Sql, asked);
        Assert.Contains("code that runs later", asked);
        Assert.Contains("type CREATE TRIGGER", asked);
        Assert.Equal(1L, await server.ScalarAsync("SELECT count(*) FROM pg_trigger WHERE tgname = 'watch'"));
    }
}
