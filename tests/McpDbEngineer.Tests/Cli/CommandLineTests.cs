using System.Text.Json;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Cli;

public sealed class CommandLineTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    [Fact]
    public async Task Version_PrintsTheVersion()
    {
        var (code, stdout, _) = await RunAsync(["--version"]);

        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+\s*$", stdout);
    }

    [Fact]
    public async Task Help_ListsTheServeOptions()
    {
        var (code, stdout, _) = await RunAsync(["--help"]);

        Assert.Equal(0, code);
        Assert.Contains("--transport", stdout);
        Assert.Contains("--connection", stdout);
    }

    [Fact]
    public async Task UnknownOption_FailsWithUsageOnStderr()
    {
        var (code, stdout, stderr) = await RunAsync(["serve", "--frobnicate", "1"]);

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains("Unknown option '--frobnicate'", stderr);
    }

    [Theory]
    [InlineData("--access", "readwrite", "--access must be read-only or read-write; got 'readwrite'")]
    [InlineData("--transport", "htp", "'htp' at 'Server:Transport'")]
    [InlineData("--command-timeout", "abc", "'abc' at 'Database:CommandTimeoutSeconds'")]
    [InlineData("--max-rows", "0", "--max-rows must be a positive number")]
    [InlineData("--connection", "Host=x;Nonsense=1", "The connection string is not valid")]
    public async Task Serve_RefusesAnInvalidSettingWithALineThatNamesIt(string option, string value, string message)
    {
        var (code, stdout, stderr) = await RunAsync(["serve", option, value]);

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains(message, stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task Stdio_StdoutCarriesOnlyProtocolMessages()
    {
        using var process = ChildProcess.StartServer(["serve", "--connection", database.ConnectionString], redirectInput: true);
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_schemas","arguments":{}}}""");
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"no_such_tool","arguments":{}}}""");
        var lines = new List<string>();
        while (lines.Count < 3 && await process.StandardOutput.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        lines.AddRange((await process.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(3, lines.Count);
        Assert.All(lines, line => Assert.Equal("2.0", JsonDocument.Parse(line).RootElement.GetProperty("jsonrpc").GetString()));
        Assert.DoesNotContain("public", await stderr, StringComparison.Ordinal); // results are not echoed into the logs
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string[] arguments)
    {
        var outcome = await ChildProcess.RunServerAsync(arguments);
        return (outcome.ExitCode, outcome.Stdout, outcome.Stderr);
    }
}
