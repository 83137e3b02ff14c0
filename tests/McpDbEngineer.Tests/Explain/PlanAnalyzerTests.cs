using System.Text.RegularExpressions;
using McpDbEngineer.Explain;
using McpDbEngineer.Tests.Infrastructure;
using Npgsql;

namespace McpDbEngineer.Tests.Explain;

/// <summary>
/// The analyzer on real EXPLAIN output of the sample shop, captured with a direct connection whose session
/// options (work_mem, enable_*, jit) force the shape each finding needs.
/// </summary>
public sealed class PlanAnalyzerTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    /// <summary>The sample's catalog facts for the tables these tests read (row counts, first index columns).</summary>
    private static readonly PlanCatalog SampleCatalog = new()
    {
        Tables =
        [
            new TableFacts("public", "order_items", 12000, new HashSet<string> { "order_id" }),
            new TableFacts("public", "orders", 6000, new HashSet<string> { "id", "placed_at" }),
            new TableFacts("public", "products", 1500, new HashSet<string> { "id", "sku", "category_id", "search", "attributes" }),
        ],
        WorkMemKb = 4096,
    };

    [Fact]
    public async Task SelectiveSeqScan_ReportsRowsReadAndReturnedAndTheIndexToCreate()
    {
        var json = await ExplainJsonAsync("SELECT * FROM order_items i WHERE i.product_id = 7", analyze: true);

        var report = PlanAnalyzer.Analyze(json, SampleCatalog);

        var finding = Assert.Single(report.Findings, f => f.Kind == FindingKinds.SelectiveSeqScan);
        Assert.Equal("public.order_items", finding.Subject);
        Assert.StartsWith("read 12000 rows to return 8 (0.067%)", finding.Evidence);
        Assert.Contains("filter (i.product_id = 7)", finding.Evidence);
        Assert.StartsWith("CREATE INDEX ON public.order_items (product_id);", finding.Action);
    }

    [Fact]
    public async Task SelectiveSeqScan_WithoutAnalyze_IsJudgedFromTableRowsAndSaidToBeEstimateBased()
    {
        var json = await ExplainJsonAsync("SELECT * FROM order_items i WHERE i.product_id = 7", analyze: false);

        var report = PlanAnalyzer.Analyze(json, SampleCatalog);

        var finding = Assert.Single(report.Findings, f => f.Kind == FindingKinds.SelectiveSeqScan);
        Assert.Equal("public.order_items", finding.Subject);
        Assert.StartsWith("~12000 rows in the table, 8 expected to pass", finding.Evidence);
        Assert.Contains("findings (estimate-based", report.ToString());
        Assert.Contains("estimated (not executed): total cost", report.ToString());
    }

    [Fact]
    public async Task FilterOnAnExpression_ReportsTheMisestimateWithBothCounts()
    {
        var json = await ExplainJsonAsync("SELECT * FROM order_items i WHERE i.order_id % 2 = 0", analyze: true);

        var report = PlanAnalyzer.Analyze(json, SampleCatalog);

        var finding = Assert.Single(report.Findings, f => f.Kind == FindingKinds.Misestimate);
        Assert.Equal("public.order_items", finding.Subject);
        Assert.StartsWith("Seq Scan estimated 60 rows, actual 6000 (100× under)", finding.Evidence);
        Assert.True(finding.Action.Contains("CREATE STATISTICS order_items_stats ON (order_id % '2'::bigint) FROM public.order_items; ANALYZE public.order_items", StringComparison.Ordinal), finding.Action);
    }

    [Fact]
    public async Task SortBeyondWorkMem_ReportsTheDiskSpill()
    {
        var json = await ExplainJsonAsync("SELECT * FROM order_items ORDER BY product_id, quantity", analyze: true, "-c work_mem=64kB");

        var report = PlanAnalyzer.Analyze(json, new PlanCatalog { WorkMemKb = 64 });

        var finding = Assert.Single(report.Findings, f => f.Kind == FindingKinds.DiskSpill);
        Assert.Equal("Sort", finding.Subject);
        Assert.Matches(@"^sort of 12000 rows wrote \d+kB to disk \(external merge, work_mem 64kB\)$", finding.Evidence);
        Assert.Contains("index on (order_items.product_id, order_items.quantity)", finding.Action);
    }

    [Fact]
    public async Task HashBeyondWorkMem_ReportsTheBatches()
    {
        var json = await ExplainJsonAsync("SELECT * FROM order_items i JOIN orders o ON o.id = i.order_id", analyze: true, "-c work_mem=64kB");

        var report = PlanAnalyzer.Analyze(json, SampleCatalog);

        var finding = Assert.Single(report.Findings, f => f.Kind == FindingKinds.DiskSpill);
        Assert.StartsWith("Hash", finding.Subject);
        var batches = Regex.Match(finding.Evidence, @"^hash of (\d+) rows split into (\d+) batches on disk");
        Assert.True(batches.Success, finding.Evidence);
        Assert.True(int.Parse(batches.Groups[2].Value) > 1);
    }

    [Fact]
    public async Task NestedLoopOverManyRows_ReportsOuterRowsAndInnerLoops()
    {
        var json = await ExplainJsonAsync(
            "SELECT count(*) FROM order_items i JOIN orders o ON o.id = i.order_id", analyze: true, "-c enable_hashjoin=off -c enable_mergejoin=off");

        var report = PlanAnalyzer.Analyze(json, SampleCatalog);

        var finding = Assert.Single(report.Findings, f => f.Kind == FindingKinds.LargeNestedLoop);
        var numbers = Regex.Match(finding.Evidence, @"^outer side returned (\d+) rows \(estimated (\d+)\); inner (.+) ran (\d+) times");
        Assert.True(numbers.Success, finding.Evidence);
        Assert.True(int.Parse(numbers.Groups[1].Value) >= 6000);
        Assert.Equal(numbers.Groups[1].Value, numbers.Groups[4].Value);
        Assert.Matches("^(Index Scan|Memoize)", numbers.Groups[3].Value);
    }

    [Fact]
    public async Task HashJoinProbingAnUnindexedColumn_ReportsTheJoinKeyWithoutIndex()
    {
        var json = await ExplainJsonAsync(
            "SELECT p.name, i.quantity FROM products p JOIN order_items i ON i.product_id = p.id WHERE p.sku = 'SKU-00007'", analyze: true);

        var report = PlanAnalyzer.Analyze(json, SampleCatalog);

        var finding = Assert.Single(report.Findings, f => f.Kind == FindingKinds.UnindexedJoinKey);
        Assert.Equal("public.order_items", finding.Subject);
        Assert.StartsWith("Hash Join on (i.product_id = p.id): Seq Scan reads all ~12000 rows for 8 joined rows; no index starts with product_id", finding.Evidence);
        Assert.StartsWith("CREATE INDEX ON public.order_items (product_id);", finding.Action);
        Assert.DoesNotContain(report.Findings, f => f.Kind == FindingKinds.SelectiveSeqScan);
    }

    [Fact]
    public async Task IndexOnlyScanOverUpdatedRows_ReportsHeapFetches()
    {
        await database.ExecuteAsync("ALTER TABLE addresses SET (autovacuum_enabled = off); UPDATE addresses SET line1 = line1");
        var json = await ExplainJsonAsync(
            "SELECT id FROM addresses WHERE id < 1800", analyze: true, "-c enable_seqscan=off -c enable_bitmapscan=off");

        var report = PlanAnalyzer.Analyze(json);

        var finding = Assert.Single(report.Findings, f => f.Kind == FindingKinds.HeapFetches);
        Assert.Equal("public.addresses", finding.Subject);
        Assert.Matches(@"^Index Only Scan using addresses_pkey visited the heap \d{4} times for 1799 rows", finding.Evidence);
        Assert.StartsWith("VACUUM public.addresses", finding.Action);
    }

    [Fact]
    public async Task JitOnACheapQuery_ReportsItsShareOfExecutionTime()
    {
        var json = await ExplainJsonAsync(
            "SELECT status, count(*), sum(total_cents) FROM orders GROUP BY status", analyze: true,
            "-c jit=on -c jit_above_cost=0 -c jit_inline_above_cost=0 -c jit_optimize_above_cost=0");

        var report = PlanAnalyzer.Analyze(json);

        var finding = Assert.Single(report.Findings, f => f.Kind == FindingKinds.JitOverhead);
        Assert.Matches(@"^JIT compilation took [\d.]+m?s of [\d.]+m?s execution \(\d+%\) for a plan of cost [\d.]+$", finding.Evidence);
        Assert.Contains("raise jit_above_cost above", finding.Action);
    }

    [Fact]
    public async Task Tree_ShowsOneLinePerNodeWithRelationAliasIndexRowsAndLoops()
    {
        var json = await ExplainJsonAsync(
            "SELECT o.id, c.email FROM orders o JOIN customers c ON c.id = o.customer_id JOIN order_items i ON i.order_id = o.id WHERE i.product_id = 7 ORDER BY c.email",
            analyze: true, "-c enable_hashjoin=off -c enable_mergejoin=off");

        var text = PlanAnalyzer.Analyze(json, SampleCatalog).ToString();

        var lines = text.Split('\n');
        Assert.StartsWith("executed: planning ", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("Sort; rows 8→8; ", StringComparison.Ordinal) && l.Contains("; sort c.email; quicksort "));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^ +Seq Scan on public\.order_items i; rows 8→8; [\d.]+ms; filter \(i\.product_id = 7\) \(removed 11992\)"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^ +Index Scan using orders_pkey on public\.orders o; rows 1→1; loops 8; [\d.]+ms; index cond \(o\.id = i\.order_id\)"));
    }

    private async Task<string> ExplainJsonAsync(string sql, bool analyze, string? sessionOptions = null)
    {
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Options = sessionOptions, Pooling = false };
        await using var session = new NpgsqlConnection(connection.ConnectionString);
        await session.OpenAsync();
        await using var command = new NpgsqlCommand($"EXPLAIN (FORMAT JSON, VERBOSE, BUFFERS{(analyze ? ", ANALYZE" : "")}) {sql}", session);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
