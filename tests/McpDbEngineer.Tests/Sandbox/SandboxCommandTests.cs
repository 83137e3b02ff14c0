using McpDbEngineer.Sandbox;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Sandbox;

/// <summary>The sandbox cluster outlives the server on purpose; `mcp-db-engineer sandbox status|stop|reset` manage it.</summary>
public sealed class SandboxCommandTests
{
    [Fact]
    public async Task SandboxCommands_ShowStopAndRemoveTheClusterTheServerLeftRunning()
    {
        var root = Path.Combine(Path.GetTempPath(), $"mcpdb-sandbox-cmd-{Guid.NewGuid():N}");
        try
        {
            var none = await SandboxAsync("status", root);
            await using (var client = await ServerProcess.StartStdioWithArgumentsAsync(["--sandbox-dir", root]))
            {
                await client.CallTextAsync("list_schemas");
            }

            var running = await SandboxAsync("status", root);
            var stopped = await SandboxAsync("stop", root);
            var afterStop = await SandboxAsync("status", root);
            var reset = await SandboxAsync("reset", root);
            var afterReset = await SandboxAsync("status", root);

            Assert.StartsWith("No sandbox cluster in", none);
            Assert.Matches(@"^Running on 127\.0\.0\.1:\d+, cluster in ", running);
            Assert.Contains("It keeps running after the server exits", running);
            Assert.StartsWith("Stopped the sandbox cluster in", stopped);
            Assert.StartsWith("Stopped, cluster in", afterStop);
            Assert.False(File.Exists(Path.Combine(root, "data", "postmaster.pid")));
            Assert.StartsWith("Stopped and removed the sandbox cluster", reset);
            Assert.False(Directory.Exists(root));
            Assert.StartsWith("No sandbox cluster in", afterReset);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                await new LocalCluster(root).DeleteAsync(CancellationToken.None);
            }
        }
    }

    [Fact]
    public async Task Serve_WithoutADatabase_SaysInItsLogThatTheSandboxKeepsRunning()
    {
        var root = Path.Combine(Path.GetTempPath(), $"mcpdb-sandbox-log-{Guid.NewGuid():N}");
        try
        {
            using var server = ChildProcess.StartServer(["--sandbox-dir", root], redirectInput: true);
            var stderr = server.StandardError.ReadToEndAsync();
            await server.StandardInput.WriteLineAsync(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""");
            await server.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
            await server.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_schemas","arguments":{}}}""");
            while (await server.StandardOutput.ReadLineAsync() is { } line && !line.Contains("\"id\":2", StringComparison.Ordinal))
            {
            }

            server.StandardInput.Close();
            await server.WaitForExitAsync();

            Assert.Contains("The cluster keeps running after this server exits", await stderr);
            Assert.Contains("mcp-db-engineer sandbox status|stop|reset", await stderr);
        }
        finally
        {
            await new LocalCluster(root).DeleteAsync(CancellationToken.None);
        }
    }

    private static async Task<string> SandboxAsync(string action, string root)
    {
        var outcome = await ChildProcess.RunServerAsync(["sandbox", action, "--sandbox-dir", root]);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        return outcome.Stdout;
    }
}
