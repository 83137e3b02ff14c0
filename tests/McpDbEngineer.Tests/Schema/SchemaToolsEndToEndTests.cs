using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Schema;

/// <summary>The four schema tools through the real server process, as an agent's client calls them.</summary>
public sealed class SchemaToolsEndToEndTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    private static readonly string[] SchemaToolNames = ["list_schemas", "list_objects", "describe_table", "list_extensions"];

    [Fact]
    public async Task Stdio_SchemaToolsAreListedReadOnlyIdempotentAndDescribed()
    {
        await using var client = await database.StartServerAsync();

        var tools = await client.ListToolsAsync();

        foreach (var name in SchemaToolNames)
        {
            var tool = Assert.Single(tools, t => t.Name == name);
            Assert.True(tool.ProtocolTool.Annotations?.ReadOnlyHint, name);
            Assert.True(tool.ProtocolTool.Annotations?.IdempotentHint, name);
            Assert.False(tool.ProtocolTool.Annotations?.OpenWorldHint, name);
            Assert.False(string.IsNullOrWhiteSpace(tool.Description), name);
            foreach (var parameter in tool.JsonSchema.GetProperty("properties").EnumerateObject())
            {
                Assert.True(parameter.Value.TryGetProperty("description", out _), $"{name}.{parameter.Name} has no description");
            }
        }
    }

    [Fact]
    public async Task Stdio_EachSchemaToolAnswersFromTheDatabase()
    {
        await using var client = await database.StartServerAsync();

        var schemas = await client.CallTextAsync("list_schemas");
        var objects = await client.CallTextAsync("list_objects", new() { ["kind"] = "table", ["pattern"] = "order*", ["page_size"] = 1 });
        var table = await client.CallTextAsync("describe_table", new() { ["table"] = "public.orders" });
        var extensions = await client.CallTextAsync("list_extensions", new() { ["include_available"] = false });

        Assert.Contains("public\t", schemas);
        Assert.StartsWith("schema\tname\tkind\trows\tsize\tnote\npublic\torder_items\ttable\t", objects, StringComparison.Ordinal);
        Assert.Contains("(objects 1-1 of 2; next page: call again with the same filters and cursor=\"", objects);
        Assert.Contains("orders_customer_id_fkey: (customer_id) → customers(id); UNINDEXED", table);
        Assert.Contains("\nvector\t", extensions);
    }

    [Fact]
    public async Task Stdio_UnknownTableIsAnErrorResultWithSuggestions()
    {
        await using var client = await database.StartServerAsync();

        var error = await client.CallErrorAsync("describe_table", new() { ["table"] = "custmers" });

        Assert.Contains("Table 'custmers' not found in the search_path. Did you mean: public.customers", error);
    }

    [Fact]
    public async Task Http_DescribeTableAnswersOverHttp()
    {
        await using var server = await ServerProcess.StartHttpAsync(database.ConnectionString);
        await using var client = await server.ConnectAsync();

        var text = await client.CallTextAsync("describe_table", new() { ["table"] = "reviews" });

        Assert.StartsWith("public.reviews (table) ~4000 rows\n", text, StringComparison.Ordinal);
        Assert.Contains("reviews_own: ALL using", text);
    }
}
