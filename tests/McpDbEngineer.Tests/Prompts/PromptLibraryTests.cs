using McpDbEngineer.Tests.Infrastructure;
using ModelContextProtocol.Protocol;

namespace McpDbEngineer.Tests.Prompts;

public sealed class PromptLibraryTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    [Fact]
    public async Task Prompts_AreListedWithTheirArgumentsAndFilledIn()
    {
        await using var client = await database.StartServerAsync();

        var prompts = await client.ListPromptsAsync();
        var tune = await client.GetPromptAsync("tune-query", new Dictionary<string, object?> { ["sql"] = "SELECT * FROM orders WHERE customer_id = 7" });

        Assert.Contains(prompts, p => p.Name == "explore-database");
        var tuneListed = Assert.Single(prompts, p => p.Name == "tune-query");
        var argument = Assert.Single(tuneListed.ProtocolPrompt.Arguments!);
        Assert.Equal("sql", argument.Name);
        Assert.True(argument.Required);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(tune.Messages).Content).Text;
        Assert.Contains("SELECT * FROM orders WHERE customer_id = 7", text);
        Assert.DoesNotContain("{{", text);
    }

    [Fact]
    public async Task Prompts_MissingRequiredArgumentIsAClearError()
    {
        await using var client = await database.StartServerAsync();

        var error = await Assert.ThrowsAnyAsync<ModelContextProtocol.McpException>(() => client.GetPromptAsync("tune-query").AsTask());

        Assert.Contains("needs the argument 'sql'", error.Message);
    }
}
