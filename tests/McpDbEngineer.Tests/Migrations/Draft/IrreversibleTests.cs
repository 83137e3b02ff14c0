using McpDbEngineer.Migrations.Draft;

namespace McpDbEngineer.Tests.Migrations.Draft;

/// <summary>Ups that destroy data get the structure back and the flag; ups with no known reverse say so and get no down.</summary>
public sealed class IrreversibleTests(ScratchDatabase database) : IClassFixture<ScratchDatabase>
{
    [Fact]
    public async Task DropColumn_IsFlaggedAndTheColumnComesBackWithItsTypeDefaultAndNotNull()
    {
        var draft = await database.DraftAsync("ALTER TABLE customers DROP COLUMN preferences;");

        var step = Assert.Single(draft.Down);
        Assert.Equal(Reversal.DataLost, step.Reversal);
        Assert.Contains("every value of column customers.preferences (jsonb)", step.Note);
        await database.ApplyAsync(MigrationScript.Text(draft.Up));
        await database.ApplyAsync(MigrationScript.Text(MigrationScript.Down(draft.Down)));
        Assert.Equal("jsonb NOT NULL DEFAULT '{}'::jsonb", await database.ScalarAsync(
            "SELECT format_type(atttypid, atttypmod) || CASE WHEN attnotnull THEN ' NOT NULL' ELSE '' END || ' DEFAULT ' || pg_get_expr(adbin, adrelid) " +
            "FROM pg_attribute JOIN pg_attrdef ON adrelid = attrelid AND adnum = attnum WHERE attrelid = 'customers'::regclass AND attname = 'preferences'"));
    }

    [Fact]
    public async Task DropTable_IsFlaggedAndTheTableComesBackWithItsConstraintsIndexesTriggersPoliciesAndTheForeignKeysToIt()
    {
        const string Structure = """
            SELECT (SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), '; ' ORDER BY conname) FROM pg_constraint WHERE conrelid = 'reviews'::regclass OR confrelid = 'reviews'::regclass)
                || (SELECT string_agg(indexdef, '; ' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'reviews')
                || (SELECT string_agg(policyname || qual, '; ' ORDER BY policyname) FROM pg_policies WHERE tablename = 'reviews')
                || (SELECT relrowsecurity::text FROM pg_class WHERE oid = 'reviews'::regclass)
                || (SELECT string_agg(attname || format_type(atttypid, atttypmod) || attnotnull || attidentity::text, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'reviews'::regclass AND attnum > 0 AND NOT attisdropped)
                || obj_description('reviews'::regclass, 'pg_class') || col_description('reviews'::regclass, 5)
                || (SELECT relacl::text FROM pg_class WHERE oid = 'reviews'::regclass)
            """;
        await database.ExecuteAsync("COMMENT ON TABLE reviews IS 'What customers say'; COMMENT ON COLUMN reviews.body IS 'As written'; GRANT SELECT ON reviews TO PUBLIC;");
        var before = await database.ScalarAsync(Structure);
        Assert.NotNull(before);
        var draft = await database.DraftAsync("DROP MATERIALIZED VIEW product_ratings; DROP TABLE reviews;");

        Assert.All(draft.Down, step => Assert.Equal(Reversal.DataLost, step.Reversal));
        Assert.Contains(draft.Down, step => step.Note!.StartsWith("every row of reviews", StringComparison.Ordinal));
        await database.ApplyAsync(MigrationScript.Text(draft.Up));
        await database.ApplyAsync(MigrationScript.Text(MigrationScript.Down(draft.Down)));
        Assert.Equal(before, await database.ScalarAsync(Structure));
        Assert.Equal(true, await database.ScalarAsync("SELECT NOT relispopulated FROM pg_class WHERE oid = 'product_ratings'::regclass"));
    }

    [Fact]
    public async Task DroppedIndexViewFunctionAndConstraint_ComeBackAsTheyWere()
    {
        const string Definitions = """
            SELECT pg_get_indexdef('orders_open_idx'::regclass) || pg_get_viewdef('order_totals'::regclass)
                || (SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'products_touch_updated_at')
                || (SELECT qual FROM pg_policies WHERE policyname = 'reviews_own')
                || pg_get_functiondef('customer_lifetime_cents(bigint)'::regprocedure)
                || (SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'inventory_reserved_le_on_hand')
            """;
        var before = await database.ScalarAsync(Definitions);
        Assert.NotNull(before);
        var draft = await database.DraftAsync(
            "DROP INDEX orders_open_idx; DROP VIEW order_totals; DROP FUNCTION customer_lifetime_cents(bigint); ALTER TABLE inventory DROP CONSTRAINT inventory_reserved_le_on_hand; " +
            "DROP TRIGGER products_touch_updated_at ON products; DROP POLICY reviews_own ON reviews;");

        Assert.All(draft.Down, step => Assert.Equal(Reversal.Exact, step.Reversal));
        await database.ApplyAsync(MigrationScript.Text(draft.Up));
        await database.ApplyAsync(MigrationScript.Text(MigrationScript.Down(draft.Down)));
        Assert.Equal(before, await database.ScalarAsync(Definitions));
    }

    [Fact]
    public async Task DropSequence_IsFlaggedForItsPosition()
    {
        var draft = await database.DraftAsync("DROP SEQUENCE invoice_number_seq;");

        var step = Assert.Single(draft.Down);
        Assert.Equal(Reversal.DataLost, step.Reversal);
        Assert.StartsWith("the position of sequence invoice_number_seq", step.Note, StringComparison.Ordinal);
        Assert.StartsWith("CREATE SEQUENCE invoice_number_seq AS bigint INCREMENT 1 MINVALUE 1 MAXVALUE 9223372036854775807 START 1000", Assert.Single(step.Statements), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ALTER TABLE orders ALTER COLUMN total_cents TYPE smallint;", "values of orders.total_cents that the new type cannot hold exactly")]
    [InlineData("ALTER TABLE products ALTER COLUMN name TYPE varchar(10) USING left(name, 10);", "values of products.name")]
    public async Task NarrowingTypeChange_IsFlaggedAndTheDownRestoresTheType(string up, string loss)
    {
        var draft = await database.DraftAsync(up);

        var step = Assert.Single(draft.Down);
        Assert.Equal(Reversal.DataLost, step.Reversal);
        Assert.Contains(loss, step.Note);
    }

    [Theory]
    [InlineData("ALTER TYPE order_status ADD VALUE 'refunded';", "cannot remove")]
    [InlineData("UPDATE orders SET note = 'x' WHERE id = 1;", "changes rows")]
    [InlineData("ALTER TABLE orders ADD CHECK (total_cents < 10000000);", "no name")]
    [InlineData("CLUSTER orders USING orders_placed_at_idx;", "no reverse is known")]
    public async Task UpWithoutKnownReverse_SaysSoAndWritesNoDown(string up, string reason)
    {
        var draft = await database.DraftAsync(up);

        var step = Assert.Single(draft.Down);
        Assert.Equal(Reversal.Impossible, step.Reversal);
        Assert.Empty(step.Statements);
        Assert.Contains(reason, step.Note);
        Assert.Contains("-- NOT REVERSED: up statement 1", MigrationScript.Text(MigrationScript.Down(draft.Down)));
    }
}
