using McpDbEngineer.Catalog;
using McpDbEngineer.Schema;

namespace McpDbEngineer.Tests.Schema;

/// <summary>How agent-typed names, patterns and cursors are read (no database needed).</summary>
public sealed class SchemaNamingTests
{
    [Theory]
    [InlineData("orders", null, null, "orders")]
    [InlineData("Orders", null, null, "orders")]
    [InlineData("sales.Orders", null, "sales", "orders")]
    [InlineData("\"Sales\".\"Order Lines\"", null, "Sales", "Order Lines")]
    [InlineData(" sales . \"a\"\"b\" ", null, "sales", "a\"b")]
    [InlineData("orders", "Sales", "sales", "orders")]
    [InlineData("orders", "\"Sales\"", "Sales", "orders")]
    [InlineData("\"weird.name\"", null, null, "weird.name")]
    public void QualifiedName_ReadsNamesTheWayPostgresDoes(string table, string? schema, string? expectedSchema, string expectedName)
    {
        var name = QualifiedName.Parse(table, schema);

        Assert.Equal(expectedSchema, name.Schema);
        Assert.Equal(expectedName, name.Name);
    }

    [Theory]
    [InlineData("a.b.c")]
    [InlineData("\"open")]
    [InlineData("sales.")]
    [InlineData("two words")]
    public void QualifiedName_RefusesMalformedNamesWithAHint(string table)
    {
        var error = Assert.Throws<ToolException>(() => QualifiedName.Parse(table, null));

        Assert.Contains(table, error.Message);
    }

    [Fact]
    public void QualifiedName_RefusesTwoDifferentSchemas()
    {
        var error = Assert.Throws<ToolException>(() => QualifiedName.Parse("sales.orders", "public"));

        Assert.Contains("give the schema once", error.Message);
    }

    [Theory]
    [InlineData("order*", "order%")]
    [InlineData("*_log", "%\\_log")]
    [InlineData("v?", "v_")]
    [InlineData("items", "%items%")]
    [InlineData("100%", "%100\\%%")]
    public void NamePattern_TurnsGlobsIntoEscapedILikePatterns(string glob, string expected)
    {
        Assert.Equal(expected, NamePattern.ToILike(glob));
    }

    [Fact]
    public void ObjectCursor_RoundTripsNamesWithAnyCharacters()
    {
        var cursor = new ObjectCursor("My Schema", "naïve \"table\"/+=", 3, 4_000_000_000);

        Assert.Equal(cursor, ObjectCursor.Decode(cursor.Encode()));
        Assert.DoesNotContain('=', cursor.Encode());
    }

    [Fact]
    public void NameSuggestions_PrefersPluralsPrefixesAndOneSlipTypos()
    {
        (string, string, double)[] names = [("orders", "orders", 1), ("order_items", "order_items", 1), ("customers", "customers", 1), ("coupons", "coupons", 1), ("events", "events", 1)];

        Assert.Equal(["orders", "order_items"], NameSuggestions.Closest("order", names));
        Assert.Equal(["orders"], NameSuggestions.Closest("ordres", names).Take(1));
        Assert.Equal(["customers"], NameSuggestions.Closest("customer", names));
        Assert.Empty(NameSuggestions.Closest("zzz", names));
    }
}
