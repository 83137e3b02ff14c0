using System.Text.RegularExpressions;
using McpDbEngineer.Indexes;
using McpDbEngineer.Safety.Guard;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Indexes;

/// <summary>GIN candidates proposed where a query needs one, proven by building them on a shadow copy, never on the target.</summary>
public sealed class RecommendGinIndexesTests(GinDatabase database) : IClassFixture<GinDatabase>
{
    private async Task<string> RecommendAsync(params string[] queries)
    {
        await using var services = new ServerServices(database.ConnectionString, new Dictionary<string, string?> { ["Shadow:Directory"] = await TestCluster.ShadowDirectoryAsync() });
        var advice = await services.Get<IndexAdvisor>().RecommendAsync(
            new() { Queries = queries }, sql => new SqlRequest("recommend_indexes", sql, SqlIntent.ExplainEach), default);
        return IndexAdviceWriter.Write(advice);
    }

    [Fact]
    public async Task Recommend_JsonbContainmentOnly_ProposesJsonbPathOps_ProvenOnASampledCopy()
    {
        var text = await RecommendAsync("""SELECT id FROM docs WHERE payload @> '{"kind": "k7"}'""");

        Assert.Matches(new Regex(
            @"\nCREATE INDEX CONCURRENTLY docs_payload_gin ON public\.docs USING gin \(payload jsonb_path_ops\);  -- ~[\d.]+[kM]B, cuts [\d.]+ \(\d+%\), helps q1; " +
            @"built on a sampled copy \(10000 rows per table, 10000 in all\): q1 [\d.]+→[\d.]+\n"), text);
        Assert.Matches(new Regex(@"\nq1: [\d.]+→[\d.]+ \(-\d+%\), reads docs_payload_gin \|"), text);
    }

    [Fact]
    public async Task Recommend_JsonbKeyTestBesideContainment_ProposesTheDefaultJsonbOps()
    {
        var text = await RecommendAsync("SELECT id FROM docs WHERE payload ? 'vip'", """SELECT id FROM docs WHERE payload @> '{"kind": "k7"}'""");

        Assert.Contains("\nCREATE INDEX CONCURRENTLY docs_payload_gin ON public.docs USING gin (payload);", text);
        Assert.DoesNotContain("jsonb_path_ops", text);
    }

    [Fact]
    public async Task Recommend_ArrayOverlap_ProposesGinOnTheArray()
    {
        var text = await RecommendAsync("SELECT id FROM docs WHERE tags && ARRAY['t42']");

        Assert.Contains("\nCREATE INDEX CONCURRENTLY docs_tags_gin ON public.docs USING gin (tags);", text);
    }

    [Fact]
    public async Task Recommend_FullText_OnTheTsvectorColumn_AndOnToTsvectorAsAnExpression()
    {
        var text = await RecommendAsync(
            "SELECT id FROM docs WHERE search @@ to_tsquery('english', 'word42')",
            "SELECT id FROM docs WHERE to_tsvector('english', body) @@ plainto_tsquery('english', 'word43')");

        Assert.Contains("\nCREATE INDEX CONCURRENTLY docs_search_gin ON public.docs USING gin (search);", text);
        Assert.Contains(" ON public.docs USING gin ((to_tsvector('english'::regconfig, body)));", text);
    }

    [Fact]
    public async Task Recommend_SubstringSearch_ProposesTrigram_ButNotForAPrefixLikeOrEquality()
    {
        var text = await RecommendAsync("SELECT id FROM docs WHERE title ILIKE '%abc1%'");
        var prefix = await RecommendAsync("SELECT id FROM docs WHERE title LIKE 'title abc%'", """SELECT id FROM docs WHERE payload = '{"n": 5}'""");

        Assert.Contains("\nCREATE INDEX CONCURRENTLY docs_title_gin ON public.docs USING gin (title gin_trgm_ops);", text);
        Assert.DoesNotContain("gin", prefix);
    }

    [Fact]
    public async Task Recommend_GinCandidates_LeaveTheTargetCatalogAndRowsUnchanged()
    {
        var before = await DatabaseFingerprint.TakeAsync(database.ConnectionString);

        var text = await RecommendAsync("""SELECT id FROM docs WHERE payload @> '{"kind": "k7"}'""", "SELECT id FROM docs WHERE title ILIKE '%abc1%'");
        var after = await DatabaseFingerprint.TakeAsync(database.ConnectionString);

        Assert.Contains("USING gin", text);
        Assert.Empty(before.Differences(after));
    }

    [Fact]
    public async Task Recommend_WithoutAShadow_ListsTheGinCandidateUnprovenWithTheReason()
    {
        await using var services = new ServerServices(database.ConnectionString, new Dictionary<string, string?> { ["Shadow:Url"] = "postgres://nobody:x@127.0.0.1:1/postgres" });

        var text = IndexAdviceWriter.Write(await services.Get<IndexAdvisor>().RecommendAsync(
            new() { Queries = ["SELECT id FROM docs WHERE tags @> ARRAY['t42']"] }, sql => new SqlRequest("recommend_indexes", sql, SqlIntent.ExplainEach), default));

        Assert.Contains("\nindexes: none worth building for these queries\n", text);
        Assert.Contains("\nCREATE INDEX CONCURRENTLY docs_tags_gin ON public.docs USING gin (tags);  -- for q1: hypopg cannot simulate GIN and no copy could prove it: The shadow server ", text);
    }

    [Fact]
    public async Task RecommendIndexes_OverStdio_ProvesAGinIndexOnTheShadow()
    {
        await using var client = await ServerProcess.StartStdioAsync(database.ConnectionString, ["--shadow-dir", await TestCluster.ShadowDirectoryAsync()]);

        var text = await client.CallTextAsync("recommend_indexes", new Dictionary<string, object?> { ["queries"] = new[] { "SELECT id FROM docs WHERE tags @> $1" } });

        Assert.Matches(new Regex(@"\nCREATE INDEX CONCURRENTLY docs_tags_gin ON public\.docs USING gin \(tags\);  -- ~[\d.]+[kM]B, cuts [\d.]+ \(\d+%\), helps q1; built on a sampled copy "), text);
        Assert.Matches(new Regex(@"\nq1: [\d.]+→[\d.]+ \(-\d+%\), reads docs_tags_gin, generic plan \|"), text);
    }
}

/// <summary>Trigram advice in a database without pg_trgm: the index is still named, with the extension to create, unproven.</summary>
public sealed class RecommendTrigramWithoutPgTrgmTests(AdvisorDatabase database) : IClassFixture<AdvisorDatabase>
{
    [Fact]
    public async Task Recommend_SubstringSearchWithoutPgTrgm_NamesTheIndexAndCreateExtension_Unproven()
    {
        await using var services = new ServerServices(database.ConnectionString, new Dictionary<string, string?> { ["Shadow:Directory"] = await TestCluster.ShadowDirectoryAsync() });

        var text = IndexAdviceWriter.Write(await services.Get<IndexAdvisor>().RecommendAsync(
            new() { Queries = ["SELECT id FROM activity WHERE payload LIKE '%abc%'"] }, sql => new SqlRequest("recommend_indexes", sql, SqlIntent.ExplainEach), default));

        Assert.Contains(
            "\nCREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX CONCURRENTLY activity_payload_gin ON public.activity USING gin (payload gin_trgm_ops);  -- for q1: " +
            "pg_trgm is not installed in this database (CREATE EXTENSION pg_trgm first), so it could not be built on a copy\n", text);
        Assert.DoesNotContain("built on a sampled copy", text);
    }
}
