using System.Text;
using McpDbEngineer.Schema;
using McpDbEngineer.Tests.Infrastructure;
using Npgsql;

namespace McpDbEngineer.Tests.Schema;

public sealed class DescribeTableTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    [Fact]
    public async Task DescribeTable_ReportsForeignKeysInBothDirectionsWithIndexCoverage()
    {
        var text = await DescribeAsync("orders");

        Assert.Contains("orders_customer_id_fkey: (customer_id) → customers(id); UNINDEXED\n", text);
        Assert.Contains("orders_address_id_fkey: (address_id) → addresses(id); UNINDEXED\n", text);
        Assert.Contains("order_items_order_id_fkey: order_items(order_id) → (id) on delete cascade; indexed\n", text);
        Assert.Contains("payments_order_id_fkey: payments(order_id) → (id); indexed\n", text);
        Assert.Contains("shipments_order_id_fkey: shipments(order_id) → (id); UNINDEXED\n", text);
    }

    [Fact]
    public async Task DescribeTable_CountsAnIndexAsCoveringOnlyWhenValidWholeAndLeadingWithTheKey()
    {
        await database.ExecuteAsync("""
            CREATE TABLE fk_second (customer_id bigint REFERENCES customers (id), at timestamptz);
            CREATE INDEX ON fk_second (at, customer_id);
            CREATE TABLE fk_leading (customer_id bigint REFERENCES customers (id), at timestamptz);
            CREATE INDEX ON fk_leading (customer_id, at);
            CREATE TABLE fk_partial (customer_id bigint REFERENCES customers (id), at timestamptz);
            CREATE INDEX ON fk_partial (customer_id) WHERE at IS NOT NULL;
            CREATE TABLE fk_invalid (customer_id bigint REFERENCES customers (id));
            INSERT INTO fk_invalid VALUES (1), (1);
            """);
        // the duplicates make the concurrent build fail, which leaves the index behind, marked invalid
        await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync("CREATE UNIQUE INDEX CONCURRENTLY fk_invalid_idx ON fk_invalid (customer_id)"));

        var text = await DescribeAsync("customers");

        Assert.Contains("fk_second(customer_id) → (id); UNINDEXED\n", text);
        Assert.Contains("fk_leading(customer_id) → (id); indexed\n", text);
        Assert.Contains("fk_partial(customer_id) → (id); UNINDEXED\n", text);
        Assert.Contains("fk_invalid(customer_id) → (id); UNINDEXED\n", text);
        Assert.Contains("addresses(customer_id) → (id) on delete cascade; indexed\n", text);
    }

    [Fact]
    public async Task DescribeTable_ListsAForeignKeyOfAPartitionedTableOnceNotPerPartition()
    {
        await database.ExecuteAsync("""
            CREATE TABLE category_audit (category_id int REFERENCES categories (id), at date NOT NULL) PARTITION BY RANGE (at);
            CREATE TABLE category_audit_2025 PARTITION OF category_audit FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            CREATE TABLE category_audit_2026 PARTITION OF category_audit FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
            CREATE INDEX ON category_audit (category_id);
            """);

        var referenced = await DescribeAsync("categories");
        var partition = await DescribeAsync("category_audit_2025");

        var line = Assert.Single(referenced.Split('\n'), l => l.Contains("category_audit", StringComparison.Ordinal));
        Assert.Equal("  category_audit_category_id_fkey: category_audit(category_id) → (id); indexed", line);
        Assert.Contains("category_audit_category_id_fkey: (category_id) → categories(id); indexed\n", partition);
    }

    [Fact]
    public async Task DescribeTable_MarksInvalidIndexes()
    {
        await database.ExecuteAsync("CREATE TABLE duplicates (v int); INSERT INTO duplicates VALUES (1), (1);");
        await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync("CREATE UNIQUE INDEX CONCURRENTLY duplicates_v_idx ON duplicates (v)"));

        var text = await DescribeAsync("duplicates");

        Assert.Matches(@"duplicates_v_idx: btree \(v\) unique, [^\n]*INVALID", text);
    }

    [Fact]
    public async Task DescribeTable_ShowsRowLevelSecurityAndItsPolicies()
    {
        await database.ExecuteAsync("""
            CREATE TABLE notes (id int PRIMARY KEY, owner name NOT NULL DEFAULT current_user, body text);
            ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
            ALTER TABLE notes FORCE ROW LEVEL SECURITY;
            CREATE POLICY notes_own ON notes FOR UPDATE TO postgres USING (owner = current_user) WITH CHECK (owner = current_user);
            CREATE POLICY notes_not_empty ON notes AS RESTRICTIVE FOR INSERT WITH CHECK (body <> '');
            """);

        var notes = await DescribeAsync("notes");
        var reviews = await DescribeAsync("reviews");

        Assert.Contains("rls on, forced\n", notes);
        Assert.Contains("notes_own: UPDATE to postgres using (owner = CURRENT_USER) with check (owner = CURRENT_USER)\n", notes);
        Assert.Contains("notes_not_empty: restrictive INSERT with check (body <> ''::text)\n", notes);
        Assert.Contains("rls on (not forced: the owner bypasses it)\n", reviews);
        Assert.Contains("reviews_visible: SELECT using (rating >= 1)\n", reviews);
    }

    [Fact]
    public async Task DescribeTable_ShowsPartitionKeyAndPartitionsOfAParentAndTheParentOfAPartition()
    {
        var parent = await DescribeAsync("events");
        var child = await DescribeAsync("events_2025");

        Assert.StartsWith("public.events (partitioned table) ~5000 rows — Click-stream, partitioned by year.\n", parent);
        Assert.Contains("partitioned by RANGE (created_at)\n", parent);
        Assert.Contains("partitions (2):\n", parent);
        Assert.Matches(@"\n  events_2025 FOR VALUES FROM \('2025-01-01[^)]*\) TO \('2026-01-01[^)]*\), ~5000 rows, \d", parent);
        Assert.Contains("  events_2026 FOR VALUES FROM", parent);
        Assert.Contains("(all partitions)", parent);
        Assert.Matches(@"partition of events FOR VALUES FROM \('2025-01-01", child);
    }

    [Fact]
    public async Task DescribeTable_ShowsPrimaryKeyUniqueCheckAndExclusionConstraints()
    {
        var coupons = await DescribeAsync("coupons");
        var customers = await DescribeAsync("customers");

        Assert.Contains("coupons_pkey PRIMARY KEY (code)\n", coupons);
        Assert.Contains("coupons_code_valid_excl EXCLUDE USING gist (code WITH =, valid WITH &&)\n", coupons);
        Assert.Contains("coupons_percent_off_check CHECK (((percent_off >= 1) AND (percent_off <= 90)))\n", coupons);
        Assert.Contains("customers_email_key UNIQUE (email)\n", customers);
        Assert.Contains("customers_email_check CHECK ((POSITION(('@'::text) IN (email)) > 1))\n", customers);
    }

    [Fact]
    public async Task DescribeTable_ShowsIdentityGeneratedDefaultAndCommentedColumns()
    {
        var products = await DescribeAsync("products");
        var categories = await DescribeAsync("categories");
        var customers = await DescribeAsync("customers");

        Assert.Contains("  id bigint not null identity always\n", products);
        Assert.Contains("  search tsvector generated always as (to_tsvector('english'::regconfig, ((name || ' '::text) || description))) stored -- Full-text vector over name and description.\n", products);
        Assert.Contains("  updated_at timestamptz not null default now()\n", products);
        Assert.Contains("  id integer not null identity by default\n", categories);
        Assert.Contains("  country char(2) not null default 'US'::bpchar\n", customers);
    }

    [Fact]
    public async Task DescribeTable_ShowsIndexesWithSizeAndScansAndUserTriggers()
    {
        var text = await DescribeAsync("products");

        Assert.Matches(@"\n  products_pkey: btree \(id\) primary key, \d+(\.\d)?[kM]?B?, \d+ scans\n", text);
        Assert.Matches(@"\n  products_attributes_idx: gin \(attributes jsonb_path_ops\), [^\n]+ scans\n", text);
        Assert.Contains("triggers:\n  products_touch_updated_at: BEFORE UPDATE FOR EACH ROW EXECUTE FUNCTION touch_updated_at()\n", text);
        Assert.DoesNotContain("RI_ConstraintTrigger", text);
    }

    [Fact]
    public async Task DescribeTable_OrdersFitsInTwoAndAHalfKilobytesWithSizesMaintenanceAndRls()
    {
        var text = await DescribeAsync("orders");

        Assert.True(Encoding.UTF8.GetByteCount(text) <= 2500, $"describe_table orders is {Encoding.UTF8.GetByteCount(text)} bytes:\n{text}");
        Assert.StartsWith("public.orders (table) ~6000 rows — One checkout by a customer.\n", text);
        Assert.Matches(@"\nsize \S+ = heap \S+ \+ indexes \S+", text);
        Assert.Contains("\nrls off\n", text);
        Assert.Matches(@"\nvacuum \S+.*; analyze \S+", text);
        Assert.Contains("UNINDEXED", text);
        Assert.DoesNotContain("match simple", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("triggers:", text);
        Assert.DoesNotContain("policies:", text);
    }

    [Fact]
    public async Task DescribeTable_UnknownTableSuggestsCloseNames()
    {
        await database.ExecuteAsync("CREATE SCHEMA archive; CREATE TABLE archive.orders (id int)");

        var error = await Assert.ThrowsAsync<ToolException>(() => DescribeAsync("public.order"));

        // a close name in the schema named ranks above the same name in another schema
        Assert.StartsWith("Table 'public.order' not found. Did you mean: public.orders, archive.orders, public.order_items, public.order_totals", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeTable_MisspelledTableSuggestsTheTableMeant()
    {
        var error = await Assert.ThrowsAsync<ToolException>(() => DescribeAsync("ordres"));

        Assert.Contains("Table 'ordres' not found in the search_path. Did you mean: public.orders", error.Message);
        Assert.DoesNotContain("public.coupons", error.Message);
    }

    [Fact]
    public async Task DescribeTable_UnknownSchemaSuggestsCloseSchemas()
    {
        var error = await Assert.ThrowsAsync<ToolException>(() => DescribeAsync("orders", "pubic"));

        Assert.Equal("Schema 'pubic' not found. Did you mean: public? list_schemas lists the schemas.", error.Message);
    }

    [Fact]
    public async Task DescribeTable_ResolvesQualifiedQuotedAndMixedCaseNames()
    {
        await database.ExecuteAsync("""CREATE SCHEMA "Sales"; CREATE TABLE "Sales"."Order Lines" (id int PRIMARY KEY); CREATE TABLE "Sales"."Refunds" (id int);""");

        var quoted = await DescribeAsync("\"Sales\".\"Order Lines\"");
        var separateSchema = await DescribeAsync("\"Order Lines\"", "\"Sales\"");
        var typedWithoutQuotes = await DescribeAsync("Refunds", "Sales");
        var qualified = await DescribeAsync("public.orders");
        var bySchemaParameter = await DescribeAsync("orders", "public");

        Assert.StartsWith("\"Sales\".\"Order Lines\" (table)", quoted);
        Assert.StartsWith("\"Sales\".\"Order Lines\" (table)", separateSchema);
        Assert.StartsWith("\"Sales\".\"Refunds\" (table)", typedWithoutQuotes);
        Assert.StartsWith("public.orders (table)", qualified);
        Assert.StartsWith("public.orders (table)", bySchemaParameter);
    }

    [Fact]
    public async Task DescribeTable_NameOfAnIndexPointsToItsTable()
    {
        var error = await Assert.ThrowsAsync<ToolException>(() => DescribeAsync("orders_placed_at_idx"));

        Assert.Equal("public.orders_placed_at_idx is an index on orders; describe that table to see its indexes.", error.Message);
    }

    [Fact]
    public async Task DescribeTable_ViewShowsItsDefinitionAndColumns()
    {
        var text = await DescribeAsync("order_totals");

        Assert.StartsWith("public.order_totals (view)\ndefinition:\n  SELECT o.id AS order_id,", text);
        Assert.Contains("columns:\n  order_id bigint\n  customer_id bigint\n  items_cents bigint\n", text);
        Assert.DoesNotContain("size ", text);
    }

    [Fact]
    public async Task DescribeTable_CommentsAndViewDefinitionsAreMarkedAsDataAndPlainTablesAreNot()
    {
        await database.ExecuteAsync("CREATE TABLE plain_uncommented (id int)");

        var commented = await DescribeRawAsync("orders");
        var view = await DescribeRawAsync("order_totals");
        var plain = await DescribeRawAsync("plain_uncommented");

        Assert.StartsWith("public.orders (table) ~6000 rows — One checkout by a customer.\n", DataBlock.Inside(commented));
        Assert.StartsWith("public.order_totals (view)\n", DataBlock.Inside(view));
        Assert.StartsWith("public.plain_uncommented (table)", plain);
    }

    /// <summary>The answer without its data marks: what the other tests read.</summary>
    private async Task<string> DescribeAsync(string table, string? schema = null) => DataBlock.Content(await DescribeRawAsync(table, schema));

    private async Task<string> DescribeRawAsync(string table, string? schema = null)
    {
        await using var services = new ServerServices(database.ConnectionString);
        return await services.Get<TableDescriber>().DescribeAsync(table, schema, CancellationToken.None);
    }
}
