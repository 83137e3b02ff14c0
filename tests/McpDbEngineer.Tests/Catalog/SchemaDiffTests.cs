using McpDbEngineer.Catalog;

namespace McpDbEngineer.Tests.Catalog;

public sealed class SchemaDiffTests
{
    private static CatalogObject O(string kind, string key, params string[] facts) => CatalogObject.FromRow(kind, key, key, facts);

    [Fact]
    public void Compare_SameObjects_NoDifference()
    {
        IReadOnlyList<CatalogObject> schema = [O("table", "public.t", "acl="), O("column", "public.t.a", "position=1", "type=integer")];

        Assert.Empty(SchemaDiff.Compare(schema, [O("table", "public.t", "acl="), O("column", "public.t.a", "position=1", "type=integer")]));
    }

    [Fact]
    public void Compare_ChangedFact_IsListedWithBeforeAndAfter()
    {
        var differences = SchemaDiff.Compare(
            [O("column", "public.t.a", "position=1", "type=integer", "default=")],
            [O("column", "public.t.a", "position=1", "type=bigint", "default=0")]);

        Assert.Equal(["column public.t.a: type integer → bigint", "column public.t.a: default (none) → 0"], differences.Select(d => d.ToString()));
    }

    [Fact]
    public void Compare_MissingAndExtraObjects_ShowTheirDefinition()
    {
        var differences = SchemaDiff.Compare(
            [O("index", "public.t_a_idx", "definition=CREATE INDEX t_a_idx ON public.t USING btree (a)", "table=public.t")],
            [O("constraint", "t_a_check on public.t", "definition=CHECK ((a > 0))")]);

        Assert.Equal(
            ["missing index public.t_a_idx (CREATE INDEX t_a_idx ON public.t USING btree (a))", "extra constraint t_a_check on public.t (CHECK ((a > 0)))"],
            differences.Select(d => d.ToString()));
    }

    [Fact]
    public void Compare_ATableLeftBehind_IsOneLineNotOneForEachOfItsParts()
    {
        var differences = SchemaDiff.Compare(
            [],
            [
                O("table", "public.t"), O("column", "public.t.a", "type=integer"), O("index", "public.t_pkey", "definition=…", "table=public.t"),
                O("constraint", "t_pkey on public.t", "definition=PRIMARY KEY (a)"), O("trigger", "audit on public.t", "definition=…"),
            ]);

        Assert.Equal(["extra table public.t"], differences.Select(d => d.ToString()));
    }
}
