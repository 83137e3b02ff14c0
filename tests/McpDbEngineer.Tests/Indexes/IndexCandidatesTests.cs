using McpDbEngineer.Indexes;

namespace McpDbEngineer.Tests.Indexes;

/// <summary>The candidate generator on conditions, sort keys and outputs as EXPLAIN VERBOSE prints them.</summary>
public sealed class IndexCandidatesTests
{
    [Fact]
    public void EqualityThenTheSortKeyOfALimit_MakeAMultiColumnIndexInTheSortDirection()
    {
        var candidate = IndexCandidates.ForScan("public.events", "events", ["(events.user_id = 42)"], ["events.occurred_at DESC"], []);

        Assert.Equal("CREATE INDEX ON public.events (user_id, occurred_at DESC)", candidate?.Sql);
    }

    [Fact]
    public void ANullTestBesideAnEquality_BecomesThePredicateAndFewOutputColumnsAreIncluded()
    {
        var candidate = IndexCandidates.ForScan(
            "public.orders", "o", ["((o.customer_id = 42) AND (o.deleted_at IS NULL))"], [], ["o.id", "o.total_cents"]);

        Assert.Equal("CREATE INDEX ON public.orders (customer_id) INCLUDE (id, total_cents) WHERE deleted_at IS NULL", candidate?.Sql);
    }

    [Fact]
    public void EqualitiesComeBeforeARangeAndQuotedAndsAreNotSplit()
    {
        var candidate = IndexCandidates.ForScan(
            "public.orders", "o", ["((o.placed_at > '2025-01-01'::date) AND (o.note = 'a AND b'::text) AND (o.customer_id = 5))"], [], []);

        Assert.Equal("CREATE INDEX ON public.orders (note, customer_id, placed_at)", candidate?.Sql);
    }

    [Theory]
    [InlineData("(lower(u.email) = 'a@b.c'::text)", "CREATE INDEX ON public.users ((lower(email)))")]
    [InlineData("(lower((u.email)::text) = 'a@b.c'::text)", "CREATE INDEX ON public.users ((lower((email)::text)))")]
    [InlineData("((u.email)::text = 'a@b.c'::text)", "CREATE INDEX ON public.users (email)")]
    public void AnExpressionIsIndexedAsItselfAndACastToTextAsTheColumn(string condition, string expected)
    {
        var candidate = IndexCandidates.ForScan("public.users", "u", [condition], [], ["u.id", "u.email", "u.name", "u.bio", "u.created_at"]);

        Assert.Equal(expected, candidate?.Sql);
    }

    [Fact]
    public void ASortKeyOfAnotherTable_LeavesTheOrderOut()
    {
        var candidate = IndexCandidates.ForScan("public.orders", "o", ["(o.customer_id = 5)"], ["c.email"], []);

        Assert.Equal("CREATE INDEX ON public.orders (customer_id)", candidate?.Sql);
    }
}
