using System.Globalization;
using System.Text.RegularExpressions;
using McpDbEngineer.Explain;
using McpDbEngineer.Indexes;
using McpDbEngineer.Tests.Infrastructure;
using Npgsql;

namespace McpDbEngineer.Tests.Explain;

public sealed class QueryExplainerTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    private const string OrdersOfOneCustomer = "SELECT * FROM orders WHERE customer_id = 42";

    [Fact]
    public async Task Explain_PlainSelect_PlansWithoutExecutingAndFindsTheSeqScanFromCatalogRows()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await services.Get<QueryExplainer>().ExplainAsync("SELECT * FROM order_items WHERE product_id = 7", new ExplainOptions(), default);

        Assert.StartsWith("estimated (not executed): total cost ", text);
        Assert.True(text.Contains("\nSeq Scan on public.order_items; rows 8; cost ", StringComparison.Ordinal), text);
        Assert.True(text.Contains("\nselective_seq_scan public.order_items: ~12000 rows in the table, 8 expected to pass", StringComparison.Ordinal), text);
        Assert.True(text.Contains("→ CREATE INDEX ON public.order_items (product_id);", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task Explain_Analyze_ReportsActualRowsAndExecutionTime()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await services.Get<QueryExplainer>().ExplainAsync(
            "SELECT * FROM order_items WHERE product_id = 7", new ExplainOptions { Analyze = true, Buffers = true }, default);

        Assert.True(Regex.IsMatch(text, @"^executed: planning [\d.]+ms; execution [\d.]+ms; total cost [\d.]+; rows 8\n"), text);
        Assert.True(Regex.IsMatch(text, @"\nSeq Scan on public\.order_items; rows 8→8; [\d.]+ms; filter \(order_items\.product_id = 7\) \(removed 11992\); buffers hit \d+"), text);
        Assert.True(text.Contains("\nselective_seq_scan public.order_items: read 12000 rows to return 8", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task Explain_HypotheticalIndexOnOrdersCustomerId_LowersTheCostAndIsUsed()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await services.Get<QueryExplainer>().ExplainAsync(
            OrdersOfOneCustomer, new ExplainOptions { HypotheticalIndexes = ["CREATE INDEX ON orders (customer_id);"] }, default);

        var trial = Regex.Match(text, @"\nCREATE INDEX ON orders \(customer_id\) as btree_orders_customer_id: ([\d.]+)→([\d.]+) \(-\d+%\), used by (.+)\n");
        Assert.True(trial.Success, text);
        Assert.True(Cost(trial.Groups[2].Value) < Cost(trial.Groups[1].Value) / 2, text);
        Assert.Contains("Index Scan", trial.Groups[3].Value);
        Assert.True(text.Contains("plan with the hypothetical index (rows estimated per loop; cost includes children):\n", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task Explain_SeveralHypotheticalIndexes_ReportsEachAloneAndAllTogether()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await services.Get<QueryExplainer>().ExplainAsync(
            OrdersOfOneCustomer,
            new ExplainOptions { HypotheticalIndexes = ["CREATE INDEX ON orders (customer_id)", "CREATE INDEX ON orders (note)"] },
            default);

        Assert.True(Regex.IsMatch(text, @"\nCREATE INDEX ON orders \(customer_id\) as btree_orders_customer_id: [\d.]+→[\d.]+ \(-\d+%\), used by "), text);
        Assert.True(Regex.IsMatch(text, @"\nCREATE INDEX ON orders \(note\) as btree_orders_note: ([\d.]+)→\1 \(0%\), not used\n"), text);
        Assert.True(Regex.IsMatch(text, @"\nall 2 together: [\d.]+→[\d.]+ \(-\d+%\), uses btree_orders_customer_id\n"), text);
    }

    [Fact]
    public async Task Explain_AfterAHypotheticalTrial_LaterPlansNoLongerSeeTheIndex()
    {
        await using var services = new ServerServices(database.ConnectionString);
        var explainer = services.Get<QueryExplainer>();
        await explainer.ExplainAsync(OrdersOfOneCustomer, new ExplainOptions { HypotheticalIndexes = ["CREATE INDEX ON orders (customer_id)"] }, default);

        var text = await explainer.ExplainAsync(OrdersOfOneCustomer, new ExplainOptions(), default);

        Assert.DoesNotContain("using btree_orders_customer_id", text);
        Assert.True(text.Contains("\nSeq Scan on public.orders; rows 3; ", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task Explain_AnalyzeWithHypotheticalIndexes_OnlyPlansAndSaysWhy()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await services.Get<QueryExplainer>().ExplainAsync(
            OrdersOfOneCustomer, new ExplainOptions { Analyze = true, HypotheticalIndexes = ["CREATE INDEX ON orders (customer_id)"] }, default);

        Assert.StartsWith("note: analyze ignored — hypothetical indexes exist only for the planner", text);
        Assert.True(text.Contains("\nestimated (not executed): ", StringComparison.Ordinal), text);
        Assert.DoesNotContain("executed: planning", text);
    }

    [Theory]
    [InlineData("DROP TABLE orders")]
    [InlineData("CREATE INDEX ON orders (customer_id); DROP TABLE orders")]
    [InlineData("CREATE TABLE sneaky (id int)")]
    [InlineData("SELECT hypopg_reset()")]
    public async Task Explain_HypotheticalIndexThatIsNotOneCreateIndex_IsRefusedBeforeAnythingRuns(string statement)
    {
        await using var services = new ServerServices(database.ConnectionString);

        var error = await Assert.ThrowsAsync<ToolException>(() => services.Get<QueryExplainer>().ExplainAsync(
            OrdersOfOneCustomer, new ExplainOptions { HypotheticalIndexes = [statement] }, default));

        Assert.StartsWith("Each hypothetical index must be a single CREATE INDEX statement", error.Message);
        Assert.Equal(6000L, await database.ScalarAsync("SELECT count(*) FROM orders"));
    }

    [Theory]
    [InlineData("create unique index on orders (id)")]
    [InlineData("CREATE INDEX orders_note_idx ON orders (note) WHERE note <> 'a;b'")]
    [InlineData("  CREATE INDEX ON \"orders\" (customer_id) ;  ")]
    public void ValidateHypotheticalIndex_AcceptsOneCreateIndexWithQuotedSemicolonsAndATrailingOne(string statement)
    {
        var validated = HypotheticalIndexes.ValidateHypotheticalIndex(statement);

        Assert.False(validated.EndsWith(';'));
        Assert.StartsWith("create", validated, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Explain_HypotheticalIndexOnAMissingColumn_SaysWhichStatementFailedAndLeavesTheSessionUsable()
    {
        await using var services = new ServerServices(database.ConnectionString);
        var explainer = services.Get<QueryExplainer>();

        var error = await Assert.ThrowsAsync<ToolException>(() => explainer.ExplainAsync(
            OrdersOfOneCustomer, new ExplainOptions { HypotheticalIndexes = ["CREATE INDEX ON orders (customer_id)", "CREATE INDEX ON orders (no_such_column)"] }, default));
        var after = await explainer.ExplainAsync(OrdersOfOneCustomer, new ExplainOptions(), default);

        Assert.StartsWith("hypopg could not use \"CREATE INDEX ON orders (no_such_column)\": column \"no_such_column\" does not exist", error.Message);
        Assert.DoesNotContain("using btree_orders_customer_id", after);
        Assert.Contains("\nSeq Scan on public.orders; rows 3; ", after);
    }

    [Fact]
    public async Task Explain_SmallWorkMem_ReportsTheSortSpillMeasuredAndEstimated()
    {
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Options = "-c work_mem=64kB" };
        await using var services = new ServerServices(connection.ConnectionString);
        var explainer = services.Get<QueryExplainer>();
        const string sortAll = "SELECT * FROM order_items ORDER BY product_id, quantity";

        var measured = await explainer.ExplainAsync(sortAll, new ExplainOptions { Analyze = true, Settings = true }, default);
        var estimated = await explainer.ExplainAsync(sortAll, new ExplainOptions(), default);

        Assert.Contains("\nsettings: work_mem=64kB\n", measured);
        Assert.Matches(@"\ndisk_spill Sort: sort of 12000 rows wrote \d+kB to disk \(external merge, work_mem 64kB\)\n", measured);
        Assert.Matches(@"\ndisk_spill Sort: Sort of ~12000 rows × \d+ bytes needs ~\d+kB, over its memory limit 64kB \(work_mem 64kB\): likely spills to disk\n", estimated);
    }

    [Fact]
    public async Task Explain_HashJoinOnAnUnindexedKey_ReportsItFromTheRealCatalog()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await services.Get<QueryExplainer>().ExplainAsync(
            "SELECT p.name, i.quantity FROM products p JOIN order_items i ON i.product_id = p.id WHERE p.sku = 'SKU-00007'",
            new ExplainOptions { Analyze = true },
            default);

        Assert.True(text.Contains("\nunindexed_join_key public.order_items: Hash Join on (i.product_id = p.id): Seq Scan reads all ~12000 rows for 8 joined rows; no index starts with product_id\n", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task Explain_SelectiveScanOfAPartition_SuggestsTheIndexOnThePartitionedTable()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await services.Get<QueryExplainer>().ExplainAsync(
            "SELECT * FROM events WHERE kind = 'cart' AND customer_id = 5", new ExplainOptions { Analyze = true }, default);

        Assert.True(text.Contains("\nselective_seq_scan public.events_2025: read 5000 rows to return 1 (0.02%)", StringComparison.Ordinal), text);
        Assert.True(text.Contains("\n  → CREATE INDEX ON public.events (kind, customer_id);", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task Explain_TwoStatements_AreRefusedAndTheSecondNeverRuns()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var error = await Assert.ThrowsAsync<ToolException>(() => services.Get<QueryExplainer>().ExplainAsync(
            "SELECT 1; SELECT pg_sleep(5)", new ExplainOptions(), default));

        Assert.StartsWith("EXPLAIN takes exactly one statement", error.Message);
    }

    private static double Cost(string value) => double.Parse(value, CultureInfo.InvariantCulture);
}
