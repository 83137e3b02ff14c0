using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Database;

public sealed class DatabaseRecoveryTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    [Fact]
    public async Task Server_ReportsADownDatabaseAndRecoversWhenItComesBack()
    {
        await using var proxy = new SwitchableProxy(database.Connection.Port, enabled: false);
        var viaProxy = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = proxy.Port, Timeout = 2 };
        await using var client = await ServerProcess.StartStdioAsync(viaProxy.ConnectionString);

        var whileDown = await client.CallErrorAsync("list_schemas");
        proxy.Enabled = true;
        var afterwards = await CallUntilAnsweredAsync(client, TimeSpan.FromSeconds(45));

        Assert.True(
            whileDown.Contains("Cannot reach the database", StringComparison.Ordinal) || whileDown.Contains("unavailable", StringComparison.Ordinal),
            whileDown);
        Assert.Contains("public\t", afterwards);
    }

    /// <summary>The circuit breaker pauses calls for a few seconds after failures: poll until it lets one through.</summary>
    private static async Task<string> CallUntilAnsweredAsync(ModelContextProtocol.Client.McpClient client, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var result = await client.CallToolAsync("list_schemas", new Dictionary<string, object?>());
            var text = string.Concat(result.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Select(c => c.Text));
            if (result.IsError != true || DateTime.UtcNow > deadline)
            {
                return text;
            }

            await Task.Delay(500);
        }
    }
}
