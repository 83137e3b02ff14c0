using System.Diagnostics;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Hosting;

/// <summary>The stdio server runs without the generic Host, so it handles its own ending: signals and a closed stdin.</summary>
public sealed class StdioShutdownTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Stdio_ExitsCleanlyOnSignal(string signal)
    {
        using var process = await StartAnsweringServerAsync();

        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task Stdio_ExitsCleanlyWhenTheClientClosesStdin()
    {
        using var process = await StartAnsweringServerAsync();

        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task Stdio_AnswersEveryRequestWrittenBeforeStdinClosed()
    {
        const string Requests = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"pipe","version":"1"}}}
            {"jsonrpc":"2.0","method":"notifications/initialized"}
            {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"execute_sql","arguments":{"sql":"SELECT count(*) FROM suppliers"}}}

            """;

        var outcome = await ChildProcess.RunServerAsync(["serve", "--connection", database.ConnectionString], Requests);

        var answers = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(2, answers.Length);
        Assert.Contains("\\n20\\n", answers[1]);
    }

    [Fact]
    public async Task Stdio_ALineThatIsNotAMessageDoesNotHoldUpTheEnd()
    {
        var outcome = await ChildProcess.RunServerAsync(["serve", "--connection", database.ConnectionString], "not json\n")
            .WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, outcome.ExitCode);
    }

    /// <summary>The server process after it has answered initialize, so it is past start-up.</summary>
    private async Task<Process> StartAnsweringServerAsync()
    {
        var process = ChildProcess.StartServer(["serve", "--connection", database.ConnectionString], redirectInput: true);
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
        var answer = await process.StandardOutput.ReadLineAsync();
        Assert.Contains("\"protocolVersion\"", answer);
        return process;
    }
}
