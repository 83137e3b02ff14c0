using McpDbEngineer.Migrations.Draft;

namespace McpDbEngineer.Tests.Migrations.Draft;

/// <summary>
/// Each supported operation on the sample shop's schema: drafted, its up applied, its down applied, and the catalog
/// snapshot (tables, columns, types, defaults, constraints, indexes, triggers, policies, functions, grants) equal to before.
/// </summary>
public sealed class DownMigrationTests(ScratchDatabase database) : IClassFixture<ScratchDatabase>
{
    public static TheoryData<string> ReversibleChanges => new()
    {
        // CREATE ↔ DROP
        "CREATE TABLE gift_cards (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE, code text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now());",
        "CREATE INDEX idx_orders_status ON orders (status);",
        "CREATE UNIQUE INDEX CONCURRENTLY uq_products_name ON products (name, sku);",
        "CREATE VIEW big_orders AS SELECT id, total_cents FROM orders WHERE total_cents > 10000;",
        "CREATE MATERIALIZED VIEW customer_counts AS SELECT country, count(*) AS customers FROM customers GROUP BY country;",
        "CREATE FUNCTION order_count(p_customer bigint) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM orders WHERE customer_id = p_customer $$;",
        "CREATE TYPE shipping_speed AS ENUM ('slow', 'fast');",
        "CREATE TYPE money_pair AS (cents integer, currency text);",
        "CREATE DOMAIN positive_cents AS integer CHECK (VALUE >= 0);",
        "CREATE SEQUENCE receipt_number_seq START 500;",
        "CREATE EXTENSION pg_trgm;",
        "CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch_updated_at();",
        "CREATE POLICY reviews_recent ON reviews FOR SELECT USING (created_at > now() - interval '1 year');",
        "CREATE SCHEMA reporting;",
        // ADD ↔ DROP
        "ALTER TABLE orders ADD COLUMN gift_note text;",
        "ALTER TABLE orders ADD CONSTRAINT chk_orders_note_length CHECK (char_length(note) < 500);",
        "ALTER TABLE events ADD FOREIGN KEY (customer_id) REFERENCES customers (id);",
        // RENAME ↔ rename back
        "ALTER TABLE coupons RENAME COLUMN percent_off TO discount_percent;",
        "ALTER TABLE suppliers RENAME TO vendors;",
        "ALTER INDEX orders_placed_at_idx RENAME TO idx_orders_placed_at;",
        "ALTER TABLE inventory RENAME CONSTRAINT inventory_reserved_le_on_hand TO chk_inventory_reserved;",
        // previous state read from the catalog
        "ALTER TABLE orders ALTER COLUMN total_cents SET DEFAULT 100;",
        "ALTER TABLE customers ALTER COLUMN country DROP DEFAULT;",
        "ALTER TABLE shipments ALTER COLUMN tracking SET NOT NULL;",
        "ALTER TABLE shipments ALTER COLUMN carrier DROP NOT NULL;",
        "ALTER TABLE payments ALTER COLUMN amount_cents TYPE bigint;",
        "ALTER TABLE orders SET (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.05);",
        "CREATE OR REPLACE VIEW order_totals AS SELECT o.id AS order_id, o.customer_id, sum(i.quantity * i.price_cents) + 0 AS items_cents FROM orders o JOIN order_items i ON i.order_id = o.id GROUP BY o.id, o.customer_id;",
        "CREATE OR REPLACE FUNCTION customer_lifetime_cents(p_customer bigint) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT coalesce(sum(total_cents), 0) + 1 FROM orders WHERE customer_id = p_customer $$;",
        "ALTER TABLE orders ENABLE ROW LEVEL SECURITY;",
        "ALTER TABLE reviews DISABLE ROW LEVEL SECURITY;",
        "ALTER TABLE reviews FORCE ROW LEVEL SECURITY;",
        "ALTER TABLE products DISABLE TRIGGER products_touch_updated_at;",
        // several statements, undone in reverse order
        "ALTER TABLE orders ADD COLUMN coupon_code text; ALTER TABLE orders ADD CONSTRAINT fk_orders_coupon FOREIGN KEY (coupon_code) REFERENCES coupons (code) ON DELETE SET NULL; CREATE INDEX idx_orders_coupon_code ON orders (coupon_code);",
    };

    [Theory]
    [MemberData(nameof(ReversibleChanges))]
    public async Task UpThenDown_LeavesTheCatalogAsItWas(string up)
    {
        var draft = await database.DraftAsync(up);

        Assert.All(draft.Down, step => Assert.Equal(Reversal.Exact, step.Reversal));
        var differences = await database.UpThenDownAsync(MigrationScript.Text(draft.Up), MigrationScript.Text(MigrationScript.Down(draft.Down)));
        Assert.True(differences.Count == 0, $"after up and down: {string.Join("; ", differences)}\ndown:\n{MigrationScript.Text(MigrationScript.Down(draft.Down))}");
    }

    [Fact]
    public async Task Grant_IsRevokedByTheDown()
    {
        var draft = await database.DraftAsync("GRANT SELECT, UPDATE (note) ON orders TO PUBLIC;");

        Assert.Equal("REVOKE SELECT, UPDATE (note) ON TABLE orders FROM PUBLIC;\n", MigrationScript.Text(MigrationScript.Down(draft.Down)));
        await database.ApplyAsync(MigrationScript.Text(draft.Up));
        await database.ApplyAsync(MigrationScript.Text(MigrationScript.Down(draft.Down)));
        // The table's privileges were the default (NULL); after a grant and its revoke PostgreSQL writes the owner's out: the same rights.
        Assert.Equal(false, await database.ScalarAsync("SELECT has_table_privilege('public', 'orders', 'SELECT') OR has_column_privilege('public', 'orders', 'note', 'UPDATE')"));
    }
}
