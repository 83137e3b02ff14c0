using McpDbEngineer.Indexes;
using McpDbEngineer.Plans;

namespace McpDbEngineer.Tests.Indexes;

/// <summary>The GIN candidate generator on Filter conditions as EXPLAIN VERBOSE prints them.</summary>
public sealed class GinCandidatesTests
{
    private static readonly Dictionary<string, string> Kinds = new()
    {
        ["payload"] = GinCandidates.Jsonb, ["tags"] = GinCandidates.Array, ["search"] = GinCandidates.TsVector, ["title"] = GinCandidates.Text,
    };

    private static IReadOnlyList<string> Candidates(string? trigramSchema, params string[] filters) =>
        GinCandidates.From(filters.Select(Scan), t => t == "public.docs" ? Kinds : null, trigramSchema).Select(c => c.Sql).ToList();

    private static ExplainPlan Scan(string filter) => ExplainPlan.Parse(
        $$$"""[{"Plan": {"Node Type": "Seq Scan", "Schema": "public", "Relation Name": "docs", "Alias": "d", "Total Cost": 100, "Plan Rows": 10, "Filter": {{{System.Text.Json.JsonSerializer.Serialize(filter)}}}}}]""");

    [Fact]
    public void ContainmentAlone_IsJsonbPathOps_AndAKeyTestAnywhereInTheWorkloadMakesItJsonbOps()
    {
        Assert.Equal(["CREATE INDEX ON public.docs USING gin (payload jsonb_path_ops)"], Candidates(null, """(d.payload @> '{"a": 1}'::jsonb)"""));
        Assert.Equal(["CREATE INDEX ON public.docs USING gin (payload)"], Candidates(null, """(d.payload @> '{"a": 1}'::jsonb)""", "(d.payload ? 'vip'::text)"));
        Assert.Equal(["CREATE INDEX ON public.docs USING gin (payload)"], Candidates(null, "(d.payload ?| '{a,b}'::text[])"));
    }

    [Fact]
    public void ArraysFullTextAndExpressions_GetGin_WithTheColumnOnEitherSide()
    {
        Assert.Equal(["CREATE INDEX ON public.docs USING gin (tags)"], Candidates(null, "('{t1}'::text[] <@ d.tags)"));
        Assert.Equal(["CREATE INDEX ON public.docs USING gin (search)"], Candidates(null, "(d.search @@ '''word'''::tsquery)"));
        Assert.Equal(["CREATE INDEX ON public.docs USING gin ((to_tsvector('english'::regconfig, title)))"],
            Candidates(null, "(to_tsvector('english'::regconfig, d.title) @@ '''word'''::tsquery)"));
    }

    [Fact]
    public void EqualityAPrefixLikeAndToTsvectorWithoutAConfiguration_GetNoGin()
    {
        Assert.Empty(Candidates("public", """(d.payload = '{"a": 1}'::jsonb)""", "(d.tags = '{t1}'::text[])", "(d.title ~~ 'abc%'::text)", "(d.title ~ '^abc'::text)",
            "(to_tsvector(d.title) @@ '''word'''::tsquery)"));
    }

    [Fact]
    public void SubstringLikeAndIlike_GetTrigram_NamingPgTrgmWhenItIsMissing()
    {
        Assert.Equal(["CREATE INDEX ON public.docs USING gin (title gin_trgm_ops)"], Candidates("public", "(d.title ~~ '%abc%'::text)", "(d.title ~~* 'abc%'::text)"));
        Assert.Equal(["CREATE INDEX ON public.docs USING gin (title extensions.gin_trgm_ops)"], Candidates("extensions", "(d.title ~~* $1)"));
        Assert.Equal("pg_trgm", Assert.Single(GinCandidates.From([Scan("(d.title ~~ '%abc%'::text)")], _ => Kinds, null)).Extension);
    }
}
