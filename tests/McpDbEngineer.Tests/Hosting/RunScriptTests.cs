using McpDbEngineer.Tests.Infrastructure;
using ModelContextProtocol.Client;

namespace McpDbEngineer.Tests.Hosting;

/// <summary>The README's first command, as a client starts it: setup, publish, then the published server on stdio.</summary>
[Collection(ProductBuilds.Name)]
public sealed class RunScriptTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    [Fact]
    public async Task RunScript_ServesTheClientWhoseFirstMessagesArriveWhileItBuilds()
    {
        var runScript = Path.Combine(RepositoryRoot.Path, "scripts", "run.sh");

        // The client writes initialize at once; setup and the Native AOT publish (a minute when out of date) run first.
        await using var client = await McpClient.CreateAsync(
            new StdioClientTransport(new StdioClientTransportOptions
            {
                Name = "run.sh",
                Command = "bash",
                Arguments = [runScript, "serve", "--connection", database.ConnectionString],
                ShutdownTimeout = TimeSpan.FromSeconds(10),
            }),
            new McpClientOptions { InitializationTimeout = TimeSpan.FromMinutes(4) });
        var text = await client.CallTextAsync("execute_sql", new() { ["sql"] = "SELECT count(*) FROM orders" });

        Assert.Contains("\n6000\n", text);
    }
}
