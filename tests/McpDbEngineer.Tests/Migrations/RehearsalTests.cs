using McpDbEngineer.Migrations.Rehearsal;
using McpDbEngineer.Shadow;
using McpDbEngineer.Tests.Infrastructure;
using McpDbEngineer.Tests.Safety;

namespace McpDbEngineer.Tests.Migrations;

public sealed class RehearsalTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    private static async Task<ServerServices> ServicesAsync(string connectionString) =>
        new(connectionString, new Dictionary<string, string?> { ["Shadow:Directory"] = await TestCluster.ShadowDirectoryAsync() });

    private async Task<Rehearsal> RehearseAsync(string up, string? down = null, int sampleRows = 0)
    {
        await using var services = await ServicesAsync(database.ConnectionString);
        return await services.Get<MigrationRehearsal>().RunAsync(new RehearsalRequest(up, down, sampleRows), null, default);
    }

    [Fact]
    public async Task Rehearse_LeavesTheTargetUnchanged_CatalogAndRows()
    {
        var before = await DatabaseFingerprint.TakeAsync(database.ConnectionString);

        var rehearsal = await RehearseAsync(
            """
            ALTER TABLE orders ALTER COLUMN total_cents TYPE bigint;
            CREATE INDEX orders_note_idx ON orders (note);
            ALTER TABLE customers ADD COLUMN nickname text;
            INSERT INTO orders (customer_id) SELECT id FROM customers LIMIT 5;
            DROP TABLE payments;
            """,
            "CREATE TABLE payments (id int); ALTER TABLE customers DROP COLUMN nickname; DROP INDEX orders_note_idx; ALTER TABLE orders ALTER COLUMN total_cents TYPE integer;",
            sampleRows: 50);

        Assert.DoesNotContain(rehearsal.Up, r => r.Failed);
        Assert.True(rehearsal.Shadow.SampledRows > 0);
        Assert.Empty(before.Differences(await DatabaseFingerprint.TakeAsync(database.ConnectionString)));
    }

    [Fact]
    public async Task Rehearse_ColumnTypeChange_ReportsAccessExclusiveAndTheRewrite()
    {
        var rehearsal = await RehearseAsync("ALTER TABLE orders ALTER COLUMN total_cents TYPE bigint");

        var run = Assert.Single(rehearsal.Up);
        Assert.Contains(new LockTaken("public.orders", "AccessExclusiveLock"), run.Locks);
        Assert.Equal(["public.orders"], run.Work.Rewritten);
        var text = RehearsalReport.Write(rehearsal);
        Assert.Contains("ACCESS EXCLUSIVE on public.orders (~", text);
        Assert.Contains("rewrote public.orders", text);
        Assert.Contains("\"rewrites\":[{\"statement\":\"up 1\",\"table\":\"public.orders\",\"target_bytes\":", text);
    }

    [Fact]
    public async Task Rehearse_PlainIndexBuild_ReportsShareAndRecommendsConcurrently()
    {
        var rehearsal = await RehearseAsync("CREATE INDEX orders_note_idx ON orders (note)", "DROP INDEX orders_note_idx");

        var run = rehearsal.Up[0];
        Assert.Equal(new LockTaken("public.orders", "ShareLock"), run.Locks[0]);
        Assert.Equal(["public.orders"], run.Work.Indexed);
        Assert.Empty(run.Work.Rewritten);
        var summary = RehearsalReport.Summarize(rehearsal);
        Assert.Equal(["public.orders_note_idx"], summary.IndexesAdded);
        Assert.Contains(summary.Recommendations, r => r.Contains("CREATE INDEX CONCURRENTLY", StringComparison.Ordinal));
        Assert.True(summary.DownRestoresSchema);
    }

    [Fact]
    public async Task Rehearse_ValidateConstraint_ReportsShareUpdateExclusive()
    {
        var rehearsal = await RehearseAsync(
            """
            ALTER TABLE orders ADD CONSTRAINT orders_note_short CHECK (length(note) < 500) NOT VALID;
            ALTER TABLE orders VALIDATE CONSTRAINT orders_note_short;
            """,
            "ALTER TABLE orders DROP CONSTRAINT orders_note_short;");

        Assert.Equal(new LockTaken("public.orders", "AccessExclusiveLock"), rehearsal.Up[0].Locks[0]);
        Assert.Equal(new LockTaken("public.orders", "ShareUpdateExclusiveLock"), rehearsal.Up[1].Locks[0]);
        Assert.Equal(["public.orders"], rehearsal.Up[1].Work.Scanned);
        Assert.Equal(["orders_note_short on public.orders"], RehearsalReport.Summarize(rehearsal).ConstraintsAdded);
        Assert.Empty(rehearsal.DownDifferences!);
    }

    [Fact]
    public async Task Rehearse_CreateIndexConcurrently_RunsOutsideATransactionAndSeesItsLock()
    {
        var rehearsal = await RehearseAsync("CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note)", "DROP INDEX CONCURRENTLY orders_note_idx");

        var run = Assert.Single(rehearsal.Up);
        Assert.False(run.Failed, run.Error);
        Assert.True(run.OutsideTransaction);
        Assert.Contains(new LockTaken("public.orders", "ShareUpdateExclusiveLock"), run.Locks);
        Assert.True(rehearsal.Down![0].OutsideTransaction);
        Assert.Empty(rehearsal.DownDifferences!);
        Assert.Equal("ran", RehearsalReport.Write(rehearsal).Split('\n').Single(l => l.StartsWith("up again", StringComparison.Ordinal))["up again after down: ".Length..]);
    }

    [Fact]
    public async Task Rehearse_DownThatDoesNotRestore_ListsEachDifference()
    {
        var rehearsal = await RehearseAsync(
            """
            ALTER TABLE orders ALTER COLUMN note TYPE varchar(200);
            DROP INDEX orders_open_idx;
            CREATE INDEX orders_note_idx ON orders (note);
            """,
            "DROP INDEX orders_note_idx;");

        var differences = rehearsal.DownDifferences!.Select(d => d.ToString()).ToList();
        Assert.Contains("column public.orders.note: type text → character varying(200)", differences);
        Assert.Contains(differences, d => d.StartsWith("missing index public.orders_open_idx (CREATE INDEX orders_open_idx ON public.orders USING btree (placed_at) WHERE", StringComparison.Ordinal));
        Assert.Equal(2, differences.Count);
        var text = RehearsalReport.Write(rehearsal);
        Assert.Contains("down restores the schema: NO, 2 differences between before up and after down:", text);
        Assert.Contains("\"down_restores_schema\":false", text);
    }

    [Fact]
    public async Task Rehearse_DownThatRecreatesWhatUpDropped_RestoresTheSchema()
    {
        var rehearsal = await RehearseAsync(
            "DROP INDEX orders_open_idx; ALTER TABLE orders DROP COLUMN note;",
            "ALTER TABLE orders ADD COLUMN note text; CREATE INDEX orders_open_idx ON orders (placed_at) WHERE status IN ('pending', 'paid');");

        Assert.Empty(rehearsal.DownDifferences!);
        Assert.Contains("down restores the schema: yes", RehearsalReport.Write(rehearsal));
    }

    [Fact]
    public async Task Rehearse_FailingStatement_ReportsTheErrorAtItsLineAndColumnAndStops()
    {
        var rehearsal = await RehearseAsync("CREATE INDEX a_idx ON orders (note);\nUPDATE orders\n  SET note = no_such_function();\nSELECT 1;", "DROP INDEX a_idx;");

        Assert.Equal(2, rehearsal.Up.Count);
        var failed = rehearsal.Up[1];
        Assert.Contains("42883", failed.Error);
        Assert.Equal((3, 14), (failed.ErrorLine, failed.ErrorColumn));
        Assert.Null(rehearsal.Down);
        Assert.Contains("  2 (2:1) UPDATE orders SET note = no_such_function(): FAILED at 3:14: PostgreSQL error 42883", RehearsalReport.Write(rehearsal));
    }

    [Fact]
    public async Task Rehearse_StatementsNeedingASuperuser_AreRefusedOnTheShadow()
    {
        var rehearsal = await RehearseAsync("COPY (SELECT 1) TO PROGRAM 'touch /tmp/mcpdb-rehearsal-escape'");

        Assert.Contains("42501", rehearsal.Up[0].Error);
        Assert.False(File.Exists("/tmp/mcpdb-rehearsal-escape"));
    }

    [Fact]
    public async Task Rehearse_DropsTheShadowUnlessKept_AndAKeptShadowTakesTheNextMigration()
    {
        await using var services = await ServicesAsync(database.ConnectionString);
        var rehearsal = services.Get<MigrationRehearsal>();

        var dropped = await rehearsal.RunAsync(new RehearsalRequest("CREATE TABLE t1 (id int)", "DROP TABLE t1"), null, default);
        var kept = await rehearsal.RunAsync(new RehearsalRequest("CREATE TABLE t1 (id int)", "DROP TABLE t1", KeepShadow: true), null, default);
        var next = await rehearsal.RunAsync(new RehearsalRequest("ALTER TABLE t1 ADD COLUMN b int", "ALTER TABLE t1 DROP COLUMN b", Shadow: kept.Shadow.Name), null, default);

        Assert.False(await ShadowCluster.ShadowExistsAsync(dropped.Shadow.Name));
        Assert.DoesNotContain(next.Up, r => r.Failed);
        Assert.True(next.Reused);
        Assert.True(await ShadowCluster.ShadowExistsAsync(kept.Shadow.Name));
        await services.DisposeAsync();
        Assert.False(await ShadowCluster.ShadowExistsAsync(kept.Shadow.Name));
    }

    [Fact]
    public async Task Rehearse_WithoutAReachableShadowServer_SaysHowToConfigureOne()
    {
        await using var services = new ServerServices(database.ConnectionString, new Dictionary<string, string?> { ["Shadow:Url"] = "postgres://nobody:x@127.0.0.1:1/postgres" });

        var error = await Assert.ThrowsAsync<ToolException>(() => services.Get<MigrationRehearsal>().RunAsync(new RehearsalRequest("SELECT 1", null), null, default));

        Assert.Contains("is not reachable", error.Message);
        Assert.Contains("--shadow-url", error.Message);
    }

    [Fact]
    public async Task Rehearse_WhenTheEmbeddedShadowClusterCannotStart_SaysHowToConfigureOne()
    {
        await using var services = new ServerServices(database.ConnectionString, new Dictionary<string, string?> { ["Shadow:Directory"] = "/proc/mcpdb-no-shadow-here" });

        var error = await Assert.ThrowsAsync<ToolException>(() => services.Get<MigrationRehearsal>().RunAsync(new RehearsalRequest("SELECT 1", null), null, default));

        Assert.StartsWith("No shadow database is available", error.Message);
        Assert.Contains("--shadow-url postgres://", error.Message);
    }

    [Fact]
    public async Task Rehearse_Cancelled_StopsTheRunningStatementAndDropsTheShadow()
    {
        await using var services = await ServicesAsync(database.ConnectionString);
        var progress = new Recorder();
        using var cancel = new CancellationTokenSource();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var rehearsal = services.Get<MigrationRehearsal>().RunAsync(new RehearsalRequest("SELECT pg_sleep(60)", null), progress, cancel.Token);
        while (!progress.Messages.Any(m => m.EndsWith(" ready", StringComparison.Ordinal)))
        {
            await Task.Delay(20);
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rehearsal);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        var name = progress.Messages.First(m => m.EndsWith(" ready", StringComparison.Ordinal)).Split(' ')[1];
        Assert.False(await ShadowCluster.ShadowExistsAsync(name));
    }

    /// <summary>Progress recorded as it is reported (Progress&lt;T&gt; would post it later, on the thread pool).</summary>
    private sealed class Recorder : IProgress<RehearsalProgress>
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

        public void Report(RehearsalProgress value)
        {
            lock (_messages)
            {
                _messages.Add(value.Message);
            }
        }
    }
}
