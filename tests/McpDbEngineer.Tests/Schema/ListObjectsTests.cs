using System.Text.RegularExpressions;
using McpDbEngineer.Schema;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Schema;

public sealed partial class ListObjectsTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    [Fact]
    public async Task ListObjects_PagesThroughEveryObjectOnceWithTheCursor()
    {
        await database.ExecuteAsync("""
            CREATE SCHEMA paging;
            DO $$ BEGIN FOR i IN 1..30 LOOP EXECUTE format('CREATE TABLE paging.%I (id int)', 'item_' || lpad(i::text, 2, '0')); END LOOP; END $$;
            """);
        var seen = new List<string>();
        var pages = new List<string>();
        string? cursor = null;

        do
        {
            var page = await ListAsync(new ObjectQuery(Schema: "paging", PageSize: 7, Cursor: cursor));
            pages.Add(page);
            seen.AddRange(Names(page));
            cursor = NextCursor().Match(page) is { Success: true } match ? match.Groups[1].Value : null;
        }
        while (cursor is not null && pages.Count < 10);

        Assert.Equal(5, pages.Count);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => $"item_{i:00}"), seen);
        Assert.Contains("(objects 1-7 of 30; next page:", pages[0]);
        Assert.EndsWith("(objects 29-30 of 30)\n", pages[^1]);
    }

    [Fact]
    public async Task ListObjects_FiltersByKind()
    {
        var views = await ListAsync(new ObjectQuery(Kind: "view"));
        var matviews = await ListAsync(new ObjectQuery(Kind: "materialized view"));
        var sequences = await ListAsync(new ObjectQuery(Kind: "sequence"));
        var functionsAndTypes = await ListAsync(new ObjectQuery(Kind: "function, type"));
        var extensions = await ListAsync(new ObjectQuery(Kind: "extensions"));

        Assert.Equal(["order_totals"], Names(views));
        Assert.Equal(["product_ratings"], Names(matviews));
        Assert.Equal(["invoice_number_seq"], Names(sequences)); // identity sequences belong to their columns
        Assert.Contains("public\tcustomer_lifetime_cents(p_customer bigint)\tfunction\t\t\treturns bigint\n", functionsAndTypes);
        Assert.Contains("public\torder_status\ttype\t\t\tenum: pending, paid, shipped, delivered, cancelled\n", functionsAndTypes);
        Assert.Contains("public\ttouch_updated_at()\tfunction\t\t\treturns trigger\n", functionsAndTypes);
        Assert.Contains("\tvector\textension\t", extensions);
        Assert.Contains("\thypopg\textension\t", extensions);
    }

    [Fact]
    public async Task ListObjects_FiltersByNameGlobAndTreatsUnderscoreLiterally()
    {
        await database.ExecuteAsync("""CREATE TABLE "orderXitems" (id int)""");

        var startingWithOrder = await ListAsync(new ObjectQuery(Pattern: "Order*"));
        var endingWithItems = await ListAsync(new ObjectQuery(Pattern: "*_items"));
        var containing = await ListAsync(new ObjectQuery(Pattern: "rating"));

        Assert.Equal(["\"orderXitems\"", "order_items", "order_status", "order_totals", "orders"], Names(startingWithOrder));
        Assert.Equal(["order_items"], Names(endingWithItems));
        Assert.Equal(["product_ratings"], Names(containing));
    }

    [Fact]
    public async Task ListObjects_ReportsRowEstimatesSizesAndPartitionCounts()
    {
        var text = await ListAsync(new ObjectQuery(Kind: "table", Pattern: "o*"));

        Assert.Matches(@"\npublic\torders\ttable\t6000\t\d+(\.\d)?(kB|MB)\tOne checkout by a customer\.\n", text);
        var events = await ListAsync(new ObjectQuery(Pattern: "events*"));
        Assert.Matches(@"\npublic\tevents\tpartitioned table\t5000\t\d+(\.\d)?(kB|MB)\t2 partitions; Click-stream, partitioned by year\.\n", events);
        Assert.DoesNotContain("events_2025", events);
    }

    [Fact]
    public async Task ListObjects_ListsPartitionsOnlyWhenAsked()
    {
        var text = await ListAsync(new ObjectQuery(Pattern: "events*", IncludePartitions: true));

        Assert.Equal(["events", "events_2025", "events_2026"], Names(text));
        Assert.Contains("\tevents_2025\tpartition\t", text);
        Assert.Contains("\tof events\n", text);
    }

    [Fact]
    public async Task ListObjects_HidesSystemSchemasAndExtensionMembersUnlessAsked()
    {
        var everything = await ListAsync(new ObjectQuery(PageSize: 1000));
        var system = await ListAsync(new ObjectQuery(Kind: "view", Pattern: "pg_stat_activity", IncludeSystem: true));

        Assert.DoesNotContain("pg_catalog\t", everything);
        Assert.DoesNotContain("information_schema\t", everything);
        Assert.DoesNotContain("l2_distance", everything); // a function of the vector extension
        Assert.DoesNotContain("hypopg_create_index", everything);
        Assert.Contains("pg_catalog\tpg_stat_activity\tview\t", system);
    }

    [Fact]
    public async Task ListObjects_UnknownSchemaSuggestsCloseSchemas()
    {
        var error = await Assert.ThrowsAsync<ToolException>(() => ListAsync(new ObjectQuery(Schema: "publc")));

        Assert.Equal("Schema 'publc' not found. Did you mean: public? list_schemas lists the schemas.", error.Message);
    }

    [Fact]
    public async Task ListObjects_RefusesUnknownKindsAndForeignCursors()
    {
        var kind = await Assert.ThrowsAsync<ToolException>(() => ListAsync(new ObjectQuery(Kind: "tabel")));
        var cursor = await Assert.ThrowsAsync<ToolException>(() => ListAsync(new ObjectQuery(Cursor: "not-a-cursor")));

        Assert.StartsWith("Unknown kind 'tabel'. Use one or more of: table, view,", kind.Message, StringComparison.Ordinal);
        Assert.StartsWith("The cursor is not one list_objects gave.", cursor.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListObjects_NoMatchSaysHowToWiden()
    {
        var text = await ListAsync(new ObjectQuery(Pattern: "no_such_thing_anywhere"));

        Assert.StartsWith("No objects match.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListObjects_SortedBySize_ListsTheLargestFirstAndPagesInThatOrder()
    {
        await database.ExecuteAsync("""
            CREATE SCHEMA sizes;
            CREATE TABLE sizes.a_small (id int);
            CREATE TABLE sizes.b_large (id int, pad text);
            CREATE TABLE sizes.c_medium (id int);
            CREATE VIEW sizes.d_view AS SELECT 1 AS one;
            INSERT INTO sizes.b_large SELECT g, repeat('x', 200) FROM generate_series(1, 5000) g;
            INSERT INTO sizes.c_medium SELECT generate_series(1, 2000);
            """);
        var seen = new List<string>();
        string? cursor = null;

        var all = await ListAsync(new ObjectQuery(Schema: "sizes", Sort: "size"));
        do
        {
            var page = await ListAsync(new ObjectQuery(Schema: "sizes", Sort: "size", PageSize: 1, Cursor: cursor));
            seen.AddRange(Names(page));
            cursor = NextCursor().Match(page) is { Success: true } match ? match.Groups[1].Value : null;
        }
        while (cursor is not null && seen.Count < 10);
        var firstBySize = NextCursor().Match(await ListAsync(new ObjectQuery(Schema: "sizes", Sort: "size", PageSize: 1))).Groups[1].Value;
        var wrongOrder = await Assert.ThrowsAsync<ToolException>(() => ListAsync(new ObjectQuery(Schema: "sizes", PageSize: 1, Cursor: firstBySize)));

        Assert.Equal(["b_large", "c_medium", "a_small", "d_view"], Names(all));
        Assert.Equal(Names(all), seen);
        Assert.Contains("sorted by size: call again with sort=size", wrongOrder.Message);
    }

    [Fact]
    public async Task ListObjects_ListsIndexesWhenAskedAndLeavesOutExcludedNames()
    {
        await database.ExecuteAsync("""
            CREATE SCHEMA indexed;
            CREATE TABLE indexed.things (id int PRIMARY KEY, name text);
            CREATE INDEX things_name ON indexed.things (name);
            CREATE TABLE indexed.gen_0001 (id int);
            CREATE TABLE indexed.gen_0002 (id int);
            """);

        var everything = await ListAsync(new ObjectQuery(Schema: "indexed"));
        var indexes = await ListAsync(new ObjectQuery(Schema: "indexed", Kind: "index"));
        var real = await ListAsync(new ObjectQuery(Schema: "indexed", Exclude: "gen_*, nothing_*"));

        Assert.Equal(["gen_0001", "gen_0002", "things"], Names(everything));
        Assert.Equal(["things_name", "things_pkey"], Names(indexes));
        Assert.Contains("things_name\tindex\t", indexes);
        Assert.Contains("\ton indexed.things\n", indexes);
        Assert.Equal(["things"], Names(real));
        Assert.DoesNotContain("<data-", everything);
        Assert.Contains("One checkout by a customer.", DataBlock.Inside(await ListAsync(new ObjectQuery(Schema: "public", Pattern: "orders", Kind: "table"))));
    }

    [Fact]
    public async Task ListObjects_SortExcludeAndIndexKind_WorkThroughTheTool()
    {
        await database.ExecuteAsync("""
            CREATE SCHEMA toolsort;
            CREATE TABLE toolsort.small (id int);
            CREATE TABLE toolsort.z_big (id int PRIMARY KEY);
            INSERT INTO toolsort.z_big SELECT generate_series(1, 3000);
            CREATE TABLE toolsort.generated_1 (id int);
            """);
        await using var client = await database.StartServerAsync();

        var text = await client.CallTextAsync("list_objects", new() { ["schema"] = "toolsort", ["sort"] = "size", ["exclude"] = "generated_*", ["kind"] = "table,index" });

        Assert.Equal(["z_big", "z_big_pkey", "small"], Names(text));
    }

    private async Task<string> ListAsync(ObjectQuery query)
    {
        await using var services = new ServerServices(database.ConnectionString);
        return await services.Get<ObjectLister>().ListAsync(query, CancellationToken.None);
    }

    /// <summary>The name column of every object line (the header and the closing note left out).</summary>
    private static string[] Names(string text) =>
        DataBlock.Content(text).Split('\n').Skip(1).Where(l => l.Contains('\t')).Select(l => l.Split('\t')[1]).ToArray();

    [GeneratedRegex("cursor=\"([^\"]+)\"")]
    private static partial Regex NextCursor();
}
