using System.Diagnostics;
using McpDbEngineer.Tests.Infrastructure;
using McpDbEngineer.Tests.Safety.Approval;
using Npgsql;

namespace McpDbEngineer.Tests.Query;

/// <summary>
/// Everyday maintenance through execute_sql in read-write mode, end to end: ANALYZE and VACUUM, and the statements
/// PostgreSQL will not run inside a transaction block (VACUUM, … CONCURRENTLY), which the server runs alone.
/// </summary>
public sealed class MaintenanceTests(ApprovalServer server) : IClassFixture<ApprovalServer>
{
    [Fact]
    public async Task Analyze_InReadWriteMode_UpdatesTheStatisticsWithoutAsking()
    {
        await server.ExecuteAsync("CREATE TABLE maint_analyze (id int); INSERT INTO maint_analyze SELECT generate_series(1, 1000)");
        server.Human.Asked.Clear();

        var text = await server.Client.CallTextAsync("execute_sql", new() { ["sql"] = "ANALYZE maint_analyze" });

        Assert.Equal("ANALYZE\n", text);
        Assert.Equal(1000f, await server.ScalarAsync("SELECT reltuples FROM pg_class WHERE relname = 'maint_analyze'"));
        Assert.Empty(server.Human.Asked);
    }

    [Fact]
    public async Task Vacuum_InReadWriteMode_RunsAloneOutsideATransaction()
    {
        await server.ExecuteAsync("CREATE TABLE maint_vacuum (id int); INSERT INTO maint_vacuum SELECT generate_series(1, 1000); DELETE FROM maint_vacuum WHERE id > 10");

        var text = await server.Client.CallTextAsync("execute_sql", new() { ["sql"] = "VACUUM (ANALYZE) maint_vacuum" });

        Assert.Equal("VACUUM\n", text);
        Assert.Equal(10f, await server.ScalarAsync("SELECT reltuples FROM pg_class WHERE relname = 'maint_vacuum'"));
    }

    [Fact]
    public async Task CreateIndexConcurrently_InReadWriteMode_BuildsAValidIndex()
    {
        await server.ExecuteAsync("CREATE TABLE maint_cic (id int, note text)");

        var text = await server.Client.CallTextAsync("execute_sql", new() { ["sql"] = "CREATE INDEX CONCURRENTLY maint_cic_note ON maint_cic (note)" });
        var reindexed = await server.Client.CallTextAsync("execute_sql", new() { ["sql"] = "REINDEX TABLE CONCURRENTLY maint_cic" });

        Assert.Equal("CREATE INDEX\n", text);
        Assert.Equal("REINDEX\n", reindexed);
        Assert.Equal(true, await server.ScalarAsync("SELECT indisvalid FROM pg_index WHERE indexrelid = 'maint_cic_note'::regclass"));
    }

    [Fact]
    public async Task RefreshMaterializedViewConcurrently_InReadWriteMode_RunsInItsMeasuredTransaction()
    {
        await server.ExecuteAsync(
            "CREATE TABLE maint_source (id int); CREATE MATERIALIZED VIEW maint_view AS SELECT id FROM maint_source; " +
            "CREATE UNIQUE INDEX ON maint_view (id); INSERT INTO maint_source VALUES (1), (2)");

        var text = await server.Client.CallTextAsync("execute_sql", new() { ["sql"] = "REFRESH MATERIALIZED VIEW CONCURRENTLY maint_view" });

        Assert.Equal("REFRESH MATERIALIZED VIEW\n", text);
        Assert.Equal(2L, await server.ScalarAsync("SELECT count(*) FROM maint_view"));
    }

    [Fact]
    public async Task DropIndexConcurrently_AsksTheHumanBeforeItRunsAndRunsOnlyOnTheirYes()
    {
        await server.ExecuteAsync("CREATE TABLE maint_drop (id int); CREATE INDEX maint_drop_id ON maint_drop (id)");
        string? asked = null;
        server.Human.Answer = request =>
        {
            asked = request.Message;
            return new() { Action = "decline" };
        };

        var declined = await server.Client.CallErrorAsync("execute_sql", new() { ["sql"] = "DROP INDEX CONCURRENTLY maint_drop_id" });
        var stillThere = await server.ScalarAsync("SELECT to_regclass('maint_drop_id')::text");
        server.Human.Answer = _ => ScriptedHuman.Accept("maint_drop_id");
        var approved = await server.Client.CallTextAsync("execute_sql", new() { ["sql"] = "DROP INDEX CONCURRENTLY maint_drop_id" });

        Assert.NotNull(asked);
        Assert.Contains("It destroys: index maint_drop_id", asked);
        Assert.Contains("cannot run inside a transaction block, so its effect cannot be measured first or rolled back", asked);
        Assert.Contains("Nothing has run yet", asked);
        Assert.Contains("did not approve DROP INDEX CONCURRENTLY maint_drop_id (it destroys index maint_drop_id); nothing ran.", declined);
        Assert.Equal("maint_drop_id", stillThere);
        Assert.Equal("DROP INDEX\n", approved);
        Assert.Null(await server.ScalarAsync("SELECT to_regclass('maint_drop_id')::text"));
    }

    [Fact]
    public async Task CreateIndexConcurrently_OnAFunctionItsOwnerCanReplace_AsksFirst()
    {
        // The vetting's transaction ends before the build starts: the function's owner could turn it into one that writes
        // in between, and nothing measures the build. Built-in expressions have no such window and run unasked.
        await server.ExecuteAsync(
            "DO $$BEGIN CREATE ROLE maint_function_owner; EXCEPTION WHEN duplicate_object THEN NULL; END$$; " +
            "CREATE TABLE maint_expr (id int, note text); " +
            "CREATE FUNCTION maint_twice(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 * 2'; " +
            "ALTER FUNCTION maint_twice(int) OWNER TO maint_function_owner");
        server.Human.Answer = _ => new() { Action = "decline" };
        server.Human.Asked.Clear();

        var builtIn = await server.Client.CallTextAsync("execute_sql", new() { ["sql"] = "CREATE INDEX CONCURRENTLY maint_expr_lower ON maint_expr (lower(note))" });
        var askedForBuiltIn = server.Human.Asked.Count;
        var declined = await server.Client.CallErrorAsync("execute_sql", new() { ["sql"] = "CREATE INDEX CONCURRENTLY maint_expr_twice ON maint_expr (maint_twice(id))" });

        Assert.Equal("CREATE INDEX\n", builtIn);
        Assert.Equal(0, askedForBuiltIn);
        var asked = Assert.Single(server.Human.Asked);
        Assert.Contains("it calls public.maint_twice, whose owner could replace it between the guard's check and the run", asked);
        Assert.Contains("Nothing has run yet", asked);
        Assert.Contains("nothing ran", declined);
        Assert.Null(await server.ScalarAsync("SELECT to_regclass('maint_expr_twice')::text"));
    }

    [Fact]
    public async Task CreateIndexConcurrently_WhosePredicateUsesAnOperatorItsOwnerCanReplace_AsksFirst()
    {
        // The same window through an operator: the predicate's === runs a function the operator's owner may replace.
        await server.ExecuteAsync(
            "DO $$BEGIN CREATE ROLE maint_function_owner; EXCEPTION WHEN duplicate_object THEN NULL; END$$; " +
            "CREATE TABLE maint_pred (id int); " +
            "CREATE FUNCTION maint_same(int, int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 = $2'; " +
            "CREATE OPERATOR === (LEFTARG = int, RIGHTARG = int, FUNCTION = maint_same); " +
            "ALTER FUNCTION maint_same(int, int) OWNER TO maint_function_owner");
        server.Human.Answer = _ => new() { Action = "decline" };
        server.Human.Asked.Clear();

        var declined = await server.Client.CallErrorAsync("execute_sql", new() { ["sql"] = "CREATE INDEX CONCURRENTLY maint_pred_one ON maint_pred (id) WHERE id === 1" });

        var asked = Assert.Single(server.Human.Asked);
        Assert.Contains("it calls public.maint_same, whose owner could replace it between the guard's check and the run", asked);
        Assert.Contains("nothing ran", declined);
        Assert.Null(await server.ScalarAsync("SELECT to_regclass('maint_pred_one')::text"));
    }

    [Fact]
    public async Task StatementThatCannotRunInATransaction_WithOtherStatements_IsRefusedBeforeAnythingRuns()
    {
        var refusal = await server.Client.CallErrorAsync("execute_sql", new() { ["sql"] = "CREATE TABLE maint_never (id int); VACUUM maint_never" });

        Assert.Contains("VACUUM cannot run inside a transaction block", refusal);
        Assert.Contains("Send it in a call of its own", refusal);
        Assert.Null(await server.ScalarAsync("SELECT to_regclass('maint_never')::text"));
    }

    [Fact]
    public async Task CreateIndexConcurrently_InReadOnlyMode_IsRefusedWithWhyItMustRunAlone()
    {
        await using var readOnly = await server.StartServerAsync();

        var refusal = await readOnly.CallErrorAsync("execute_sql", new() { ["sql"] = "CREATE INDEX CONCURRENTLY maint_ro ON orders (status)" });

        Assert.StartsWith("Refused the statement (CREATE INDEX)", refusal);
        Assert.Contains("the server is read-only", refusal);
        Assert.Contains("CREATE INDEX CONCURRENTLY cannot run inside a transaction block: in read-write mode the server runs it alone", refusal);
        Assert.Null(await server.ScalarAsync("SELECT to_regclass('maint_ro')::text"));
    }

    [Fact]
    public async Task Vacuum_OutsideATransaction_StillStopsAtTheTimeLimitAndSaysSo()
    {
        await server.ExecuteAsync("CREATE TABLE maint_locked (id int)");
        await using var limited = await server.StartServerAsync("--access", "read-write", "--command-timeout", "1");
        await using var holder = new NpgsqlConnection(server.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE maint_locked IN SHARE MODE", holder, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        var error = await limited.CallErrorAsync("execute_sql", new() { ["sql"] = "VACUUM maint_locked" });

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"took {clock.Elapsed}");
        Assert.Contains("ran past this server's time limit of 1s (--command-timeout)", error);
        Assert.Contains("explain_query with analyze false", error);
    }

    [Fact]
    public async Task AQueryPastTheTimeLimit_SaysTheLimitAndWhatToDo()
    {
        await using var limited = await server.StartServerAsync("--command-timeout", "1");

        var error = await limited.CallErrorAsync("execute_sql", new() { ["sql"] = "SELECT count(*) FROM generate_series(1, 1000000000)" });

        Assert.StartsWith("The statement ran past this server's time limit of 1s (--command-timeout) and was cancelled.", error);
        Assert.Contains("Narrow it", error);
        Assert.Contains("larger --command-timeout", error);
    }
}
