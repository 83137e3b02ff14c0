using McpDbEngineer.Migrations.Draft;

namespace McpDbEngineer.Tests.Migrations.Draft;

/// <summary>Convention advice on new DDL, with index names in the style the live schema already uses.</summary>
public sealed class NamingConventionTests(ScratchDatabase database) : IClassFixture<ScratchDatabase>
{
    [Fact]
    public async Task NewTable_GetsAdviceWithTheFixForEachConvention()
    {
        var draft = await database.DraftAsync("""
            CREATE TABLE "GiftCard" (id serial PRIMARY KEY, customer_id bigint REFERENCES customers (id), code varchar(20), issued timestamp);
            CREATE TABLE wishlist (wish_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
            """);

        var advice = draft.Advice.Select(a => a.ToString()).ToList();
        Assert.Contains("naming table GiftCard: is not snake_case\n  → name it gift_card", advice);
        Assert.Contains("naming table wishlist: is singular; tables name the set of rows they hold\n  → name it wishlists", advice);
        Assert.Contains("columns table wishlist: has no id column\n  → add id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY (or say why the key is natural)", advice);
        Assert.Contains(advice, a => a.StartsWith("columns table GiftCard: has no created_at or updated_at", StringComparison.Ordinal));
        Assert.Contains(advice, a => a.StartsWith("column_type column GiftCard.id: serial", StringComparison.Ordinal) && a.EndsWith("use integer GENERATED ALWAYS AS IDENTITY", StringComparison.Ordinal));
        Assert.Contains(advice, a => a.StartsWith("column_type column GiftCard.code: varchar(n)", StringComparison.Ordinal) && a.Contains("use text"));
        Assert.Contains(advice, a => a.StartsWith("column_type column GiftCard.issued: timestamp without time zone", StringComparison.Ordinal) && a.EndsWith("use timestamptz", StringComparison.Ordinal));
        Assert.Contains(advice, a => a.StartsWith("fk_index foreign key GiftCard(customer_id)", StringComparison.Ordinal));
        Assert.Contains(advice, a => a.StartsWith("on_delete GiftCard(customer_id)", StringComparison.Ordinal));
        Assert.DoesNotContain(advice, a => a.Contains("table wishlist: has no created_at"));
    }

    [Fact]
    public async Task IndexName_FollowsTheSuffixStyleTheLiveSchemaUses()
    {
        // The sample shop names its indexes orders_placed_at_idx, products_category_id_idx …
        var draft = await database.DraftAsync("CREATE INDEX idx_orders_note ON orders (note); CREATE INDEX orders_status_idx ON orders (status);");

        var finding = Assert.Single(draft.Advice);
        Assert.Equal("naming", finding.Kind);
        Assert.Equal("index idx_orders_note", finding.Subject);
        Assert.Matches(@"^does not follow the index naming \(\d+ of \d+ index names in the live schema end in _idx\)$", finding.Evidence);
        Assert.Equal("name it orders_note_idx", finding.Action);
    }
}
