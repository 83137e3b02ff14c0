using McpDbEngineer.Migrations.Draft;

namespace McpDbEngineer.Tests.Migrations.Draft;

/// <summary>safe=true: the forms that do not block a busy table, applied and reverted on the sample shop.</summary>
public sealed class SafeRewriteTests(ScratchDatabase database) : IClassFixture<ScratchDatabase>
{
    private const string Change = """
        CREATE INDEX idx_orders_note ON orders (note);
        ALTER TABLE shipments ADD FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE;
        ALTER TABLE events ADD FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE SET NULL;
        ALTER TABLE orders ADD CONSTRAINT chk_orders_total_cap CHECK (total_cents < 100000000);
        ALTER TABLE shipments ALTER COLUMN tracking SET NOT NULL;
        ALTER TABLE customers ADD COLUMN api_token uuid NOT NULL DEFAULT gen_random_uuid();
        ALTER TABLE customers ADD COLUMN seen_at timestamptz DEFAULT now();
        """;

    [Fact]
    public async Task SafeForm_TimeoutsFirstConcurrentIndexNotValidConstraintsCheckedNotNullAndBatchedBackfill()
    {
        var draft = await database.DraftAsync(Change, safe: true);
        var up = MigrationScript.Text(draft.Up);

        Assert.StartsWith("SET lock_timeout = '5s';\nSET statement_timeout = '15min';\n", up, StringComparison.Ordinal);
        Assert.Contains($"{MigrationScript.OutsideTransactionMark}\nCREATE INDEX CONCURRENTLY idx_orders_note ON orders (note);", up);
        Assert.Contains("ALTER TABLE shipments ADD CONSTRAINT fk_shipments_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE NOT VALID;\nALTER TABLE shipments VALIDATE CONSTRAINT fk_shipments_order_id;", up);
        // PostgreSQL refuses NOT VALID foreign keys on a partitioned table: that one stays as written.
        Assert.Contains("\nALTER TABLE events ADD FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE SET NULL;\n", up);
        Assert.Contains("CHECK (total_cents < 100000000) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT chk_orders_total_cap;", up);
        Assert.Contains("ADD CONSTRAINT chk_shipments_tracking_not_null CHECK (tracking IS NOT NULL) NOT VALID;\nALTER TABLE shipments VALIDATE CONSTRAINT chk_shipments_tracking_not_null;\nALTER TABLE shipments ALTER COLUMN tracking SET NOT NULL;\nALTER TABLE shipments DROP CONSTRAINT chk_shipments_tracking_not_null;", up);
        Assert.Contains("ALTER TABLE customers ADD COLUMN api_token uuid;\nALTER TABLE customers ALTER COLUMN api_token SET DEFAULT gen_random_uuid();\n" + MigrationScript.OutsideTransactionMark + "\nDO $backfill$", up);
        // now() is STABLE: adding that column rewrites nothing, so it stays as written.
        Assert.Contains("ALTER TABLE customers ADD COLUMN seen_at timestamptz DEFAULT now();", up);
        Assert.All(draft.Down, step => Assert.Equal(Reversal.Exact, step.Reversal));
    }

    [Fact]
    public async Task SafeForm_AppliesBackfillsEveryRowAndItsDownRestoresTheCatalog()
    {
        var draft = await database.DraftAsync(Change, safe: true);
        var before = await database.SnapshotAsync();

        await database.ApplyAsync(MigrationScript.Text(draft.Up));

        Assert.Equal(true, await database.ScalarAsync(
            "SELECT count(DISTINCT api_token) = count(*) AND bool_and(api_token IS NOT NULL) FROM customers"));
        Assert.Equal(true, await database.ScalarAsync("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'customers'::regclass AND attname = 'api_token'"));
        await database.ApplyAsync(MigrationScript.Text(MigrationScript.Down(draft.Down)));
        Assert.Empty(McpDbEngineer.Safety.Effects.CatalogDiff.Compare(before, await database.SnapshotAsync(), rewritesExpected: true));
    }
}
