using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Hosting;

public sealed class StdioTransportTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    [Fact]
    public async Task Stdio_ListsSchemaToolsWithReadOnlyAnnotations()
    {
        await using var client = await database.StartServerAsync();

        var tools = await client.ListToolsAsync();

        var listSchemas = Assert.Single(tools, t => t.Name == "list_schemas");
        Assert.True(listSchemas.ProtocolTool.Annotations?.ReadOnlyHint);
        Assert.False(string.IsNullOrWhiteSpace(listSchemas.Description));
    }

    [Fact]
    public async Task Stdio_ListSchemasAnswersFromTheDatabase()
    {
        await database.ExecuteAsync("CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int primary key)");
        await using var client = await database.StartServerAsync();

        var text = await client.CallTextAsync("list_schemas");

        Assert.Contains("billing\t", text);
        Assert.Contains("public\t", text);
        Assert.DoesNotContain("pg_catalog", text);
    }

    [Fact]
    public async Task Stdio_UnreachableDatabaseGivesAClearErrorWithoutThePassword()
    {
        var unreachable = "Host=127.0.0.1;Port=1;Database=nowhere;Username=app;Password=s3cret-value;Timeout=2";
        await using var client = await ServerProcess.StartStdioAsync(unreachable);

        var error = await client.CallErrorAsync("list_schemas");

        Assert.Contains("Cannot reach the database at app@127.0.0.1:1/nowhere", error);
        Assert.DoesNotContain("s3cret-value", error);
    }

    [Fact]
    public async Task Stdio_AToolRefusalIsAnsweredAsItsOwnMessage()
    {
        await using var client = await database.StartServerAsync();

        var error = await client.CallErrorAsync("describe_table", new() { ["table"] = "ordr" });

        Assert.StartsWith("Table 'ordr' not found", error);
    }

    [Fact]
    public async Task ToolsList_CostsAtMost700BytesPerToolOnAverage()
    {
        await using var client = await database.StartServerAsync();

        var tools = await client.ListToolsAsync();
        var bytes = tools.Sum(t => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(t.ProtocolTool, ModelContextProtocol.McpJsonUtilities.DefaultOptions).Length);

        Assert.True(bytes <= 700 * tools.Count, $"tools/list is {bytes} bytes for {tools.Count} tools ({bytes / tools.Count} per tool); descriptions are the budget.");
    }
}
