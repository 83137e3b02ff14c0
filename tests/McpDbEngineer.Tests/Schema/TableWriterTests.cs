using McpDbEngineer.Catalog;
using McpDbEngineer.Schema;

namespace McpDbEngineer.Tests.Schema;

/// <summary>describe_table's text from catalog facts alone, no database: what is written, what is left out.</summary>
public sealed class TableWriterTests
{
    [Fact]
    public void Write_MarksForeignKeysByWhetherAnIndexOnTheReferencingSideCoversThem()
    {
        var table = Table() with
        {
            ForeignKeys =
            [
                ForeignKey("orders_customer_fk", key: [2], indexKeys: [[1], [2, 3]]),
                ForeignKey("orders_product_fk", key: [3], indexKeys: [[1], [2, 3]]),
            ],
        };

        var text = TableWriter.Write(table);

        Assert.Contains("orders_customer_fk: (c) → public.other(id); indexed\n", text);
        Assert.Contains("orders_product_fk: (c) → public.other(id); UNINDEXED\n", text);
    }

    [Fact]
    public void Write_LeavesOutEmptySectionsAndUsualFacts()
    {
        var table = Table() with
        {
            Indexes = [new IndexFacts("orders_pkey", "primary key", "btree (id)", 16384, 3, Valid: true, Ready: true, Live: true, false, false, false, [1], "orders_pkey")],
        };

        var text = TableWriter.Write(table);

        Assert.Equal(
            "public.orders (table) ~1200 rows\nsize 96kB = heap 64kB + indexes 32kB\nrls off\n" +
            "columns:\n  id bigint not null identity always\n  placed timestamptz default now() -- when\n" +
            "indexes:\n  orders_pkey: btree (id) primary key, 16kB, 3 scans\n",
            text);
    }

    [Fact]
    public void Write_NamesInvalidIndexesAndCountsChildrenNotShown()
    {
        var table = Table() with
        {
            Relation = new ResolvedRelation(1, 'p', "public.orders"),
            Indexes = [new IndexFacts("orders_placed", null, "btree (placed)", 0, null, Valid: false, Ready: true, Live: true, false, false, false, [2], null)],
            Children = [new ChildFacts("public.orders_2026", "FOR VALUES FROM (1) TO (2)", false, -1, 8192)],
            ChildrenTotal = 3,
        };

        var text = TableWriter.Write(table);

        Assert.Contains("orders_placed: btree (placed), 0, INVALID", text);
        Assert.Contains("partitions (3):\n  public.orders_2026 FOR VALUES FROM (1) TO (2), rows unknown, 8kB\n  … 2 more;", text);
    }

    private static ForeignKeyFacts ForeignKey(string name, short[] key, short[][] indexKeys) =>
        new(true, name, "public.orders", "c", "public.other", "id", 'a', 'a', 's', false, false, true, key, indexKeys);

    private static TableSnapshot Table() => new(
        new ResolvedRelation(1, 'r', "public.orders"),
        new RelationFacts('p', null, 1200, 65536, 0, 32768, false, false, null, null, null, null, null, null),
        [
            new ColumnFacts("id", "bigint", true, 'a', '\0', null, null, null),
            new ColumnFacts("placed", "timestamp with time zone", false, '\0', '\0', "now()", null, "when"),
        ],
        [], [], [], [], [], [], 0);
}
