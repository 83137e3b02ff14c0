using System.Text.RegularExpressions;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Explain;

public sealed class ExplainQueryToolTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    [Fact]
    public async Task ExplainQuery_OverStdio_ReportsTheSeqScanAndTheHypotheticalIndexThatFixesIt()
    {
        await using var client = await database.StartServerAsync();

        var tool = Assert.Single(await client.ListToolsAsync(), t => t.Name == "explain_query");
        var text = await client.CallTextAsync("explain_query", new Dictionary<string, object?>
        {
            ["sql"] = "SELECT * FROM orders WHERE customer_id = 42",
            ["hypothetical_indexes"] = new[] { "CREATE INDEX ON orders (customer_id)" },
        });

        Assert.True(tool.ProtocolTool.Annotations?.ReadOnlyHint);
        Assert.False(tool.ProtocolTool.Annotations?.DestructiveHint);
        Assert.True(tool.ProtocolTool.Annotations?.IdempotentHint);
        Assert.Contains("\"hypothetical_indexes\"", tool.ProtocolTool.InputSchema.GetRawText());
        Assert.Contains("\nselective_seq_scan public.orders: ~6000 rows in the table, 3 expected to pass", text);
        Assert.Matches(new Regex(@"\nCREATE INDEX ON orders \(customer_id\) as btree_orders_customer_id: [\d.]+→[\d.]+ \(-\d+%\), used by "), text);
    }

    [Fact]
    public async Task ExplainQuery_OverStdio_AppliesPlannerSettingsForTheCallAndRefusesOthersWithTheList()
    {
        await using var client = await ServerProcess.StartStdioAsync(database.ConnectionString);

        var text = await client.CallTextAsync("explain_query", new Dictionary<string, object?>
        {
            ["sql"] = "SELECT * FROM order_items ORDER BY product_id, quantity",
            ["analyze"] = true,
            ["settings"] = true,
            ["planner_settings"] = new[] { "work_mem=64kB" },
        });
        var refused = await client.CallErrorAsync("explain_query", new Dictionary<string, object?>
        {
            ["sql"] = "SELECT 1",
            ["planner_settings"] = new[] { "search_path=evil" },
        });
        var after = await client.CallTextAsync("explain_query", new Dictionary<string, object?> { ["sql"] = "SELECT 1", ["settings"] = true });

        Assert.Contains("\nsettings: work_mem=64kB\n", text);
        Assert.Matches(new Regex(@"\ndisk_spill Sort: sort of 12000 rows wrote \d+kB to disk \(external merge, work_mem 64kB\)"), text);
        Assert.StartsWith("planner_settings: search_path is not a planner setting this tool changes. Allowed: work_mem", refused);
        Assert.Contains("\nsettings: all defaults\n", after);
    }
}
