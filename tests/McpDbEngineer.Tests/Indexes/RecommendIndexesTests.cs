using System.Text.RegularExpressions;
using McpDbEngineer.Indexes;
using McpDbEngineer.Safety.Guard;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Indexes;

public sealed class RecommendIndexesTests(AdvisorDatabase database) : IClassFixture<AdvisorDatabase>
{
    private static Task<string> RecommendAsync(ServerServices services, IndexAdviceRequest request) =>
        services.Get<IndexAdvisor>().RecommendAsync(request, sql => new SqlRequest("recommend_indexes", sql, SqlIntent.ExplainEach), default)
            .ContinueWith(t => IndexAdviceWriter.Write(t.Result), TaskScheduler.Default);

    [Fact]
    public async Task Recommend_OneQuery_ProposesTheIndexAsConcurrentDdlWithSizeAndCostBeforeAfter()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await RecommendAsync(services, new() { Queries = ["SELECT * FROM order_items WHERE product_id = 7"] });

        Assert.Matches(new Regex(@"\nCREATE INDEX CONCURRENTLY order_items_product_id_idx ON public\.order_items \(product_id\);  -- ~\d+kB, cuts [\d.]+ \(\d+%\), helps q1\n"), text);
        Assert.Matches(new Regex(@"\nq1: [\d.]+→[\d.]+ \(-\d+%\), reads order_items_product_id_idx \| SELECT \* FROM order_items WHERE product_id = 7\n"), text);
    }

    [Fact]
    public async Task Recommend_PlaceholderQuery_IsPlannedGenericallyAndGetsTheSameIndex()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await RecommendAsync(services, new() { Queries = ["SELECT * FROM order_items WHERE product_id = $1"] });

        Assert.Contains("\nCREATE INDEX CONCURRENTLY order_items_product_id_idx ON public.order_items (product_id);", text);
        Assert.Matches(new Regex(@"\nq1: [\d.]+→[\d.]+ \(-\d+%\), reads order_items_product_id_idx, generic plan \|"), text);
    }

    [Fact]
    public async Task Recommend_TwoQueriesWithMaxOneIndex_ChoosesOneAndRejectsTheOtherForTheLimit()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await RecommendAsync(services, new()
        {
            Queries = ["SELECT * FROM order_items WHERE product_id = 7", "SELECT * FROM activity WHERE user_id = 5"],
            MaxIndexes = 1,
        });

        Assert.Single(Regex.Matches(text, "CREATE INDEX CONCURRENTLY"));
        Assert.Contains("\nCREATE INDEX CONCURRENTLY activity_user_id_idx ON public.activity (user_id);", text);
        Assert.Contains("\nCREATE INDEX ON public.order_items (product_id): max_indexes reached (gain alone ", text);
    }

    [Fact]
    public async Task Recommend_SizeBudgetTooSmall_RejectsTheIndexAsTooBig()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await RecommendAsync(services, new() { Queries = ["SELECT * FROM activity WHERE user_id = 5"], SizeBudgetMb = 0.01 });

        Assert.Contains("\nindexes: none worth building for these queries\n", text);
        Assert.Matches(new Regex(@"\nCREATE INDEX ON public\.activity \(user_id\): too big: ~[\d.]+[kM]B does not fit the size budget left"), text);
    }

    [Fact]
    public async Task Recommend_QueryAnExistingIndexServes_RejectsTheDuplicateAndProposesNothing()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await RecommendAsync(services, new() { Queries = ["SELECT * FROM orders WHERE placed_at > now() - interval '1 hour'"] });

        Assert.Contains("\nindexes: none worth building for these queries\n", text);
        Assert.Contains("\nCREATE INDEX ON public.orders (placed_at): existing index orders_placed_at_idx serves it\n", text);
    }

    [Fact]
    public async Task Recommend_WriteHeavyTable_RejectsItsCandidateWithTheWriteCounts()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await RecommendAsync(services, new() { Queries = ["SELECT * FROM audit_events WHERE kind = 3"] });

        Assert.Matches(new Regex(@"\nCREATE INDEX ON public\.audit_events \(kind\): write-heavy table: \d+ rows written vs \d+ scans since the statistics reset"), text);
    }

    [Fact]
    public async Task Recommend_RangeOnAnAppendOnlyTimeColumn_TriesBrinBesideBtree_AndNotOnUncorrelatedColumns()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await RecommendAsync(services, new()
        {
            Queries = ["SELECT count(*) FROM activity WHERE occurred_at >= '2025-03-01' AND occurred_at < '2025-04-01'", "SELECT * FROM activity WHERE user_id > 990"],
        });

        Assert.Contains("ON public.activity USING brin (occurred_at)", text);
        Assert.DoesNotContain("USING brin (user_id)", text);
    }

    [Fact]
    public async Task Recommend_LeavesTheCatalogUnchanged_HypotheticalIndexesAreNeverReal()
    {
        await using var services = new ServerServices(database.ConnectionString);
        var before = await DatabaseFingerprint.TakeAsync(database.ConnectionString);

        await RecommendAsync(services, new() { Queries = ["SELECT * FROM order_items WHERE product_id = 7", "SELECT * FROM activity WHERE user_id = $1"] });
        var after = await DatabaseFingerprint.TakeAsync(database.ConnectionString);

        Assert.Empty(before.Differences(after));
    }

    [Fact]
    public async Task Recommend_OneQueryTheGuardRefuses_IsSkippedWithTheReasonAndTheOthersAdvised()
    {
        await using var services = new ServerServices(database.ConnectionString);

        var text = await RecommendAsync(services, new() { Queries = ["SELECT * FROM order_items WHERE product_id = 7", "SELEC 1", "VACUUM orders"] });

        Assert.Contains("\nCREATE INDEX CONCURRENTLY order_items_product_id_idx", text);
        Assert.Contains("\nskipped q2: syntax error: ", text);
        Assert.Contains("\nskipped q3: VACUUM has no plan", text);
    }

    [Fact]
    public async Task RecommendIndexes_OverStdio_AdvisesTheWorkloadOfPgStatStatementsWeightedByCalls()
    {
        for (var i = 0; i < 5; i++)
        {
            await database.ExecuteAsync($"SELECT * FROM order_items WHERE product_id = {i}");
        }

        await using var client = await database.StartServerAsync();
        var tool = Assert.Single(await client.ListToolsAsync(), t => t.Name == "recommend_indexes");
        var text = await client.CallTextAsync("recommend_indexes", new Dictionary<string, object?> { ["workload_top"] = 50 });

        Assert.True(tool.ProtocolTool.Annotations?.ReadOnlyHint);
        Assert.StartsWith("workload: pg_stat_statements: the top ", text);
        Assert.Contains("\nCREATE INDEX CONCURRENTLY order_items_product_id_idx ON public.order_items (product_id);", text);
        Assert.Matches(new Regex(@"\nq\d+: [\d.]+→[\d.]+ \(-\d+%\) ×\d+, reads order_items_product_id_idx, generic plan \| SELECT \* FROM order_items WHERE product_id = \$1\n"), text);
    }
}
