using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpDbEngineer.Tests.Infrastructure;

/// <summary>Starts the real server program, as an agent's client would, and connects the SDK's MCP client to it.</summary>
public static class ServerProcess
{
    /// <summary>
    /// The server under test: the build beside the tests (`dotnet mcp-db-engineer.dll`), or the program named by
    /// MCPDB_TEST_SERVER (an absolute path), e.g. the Native AOT binary, as scripts/test.sh does in its second run.
    /// </summary>
    public static string Command { get; } = Environment.GetEnvironmentVariable("MCPDB_TEST_SERVER") is { Length: > 0 } path ? Path.GetFullPath(path) : "dotnet";

    /// <summary>What comes before the server's own arguments: the assembly, when run through dotnet.</summary>
    public static IReadOnlyList<string> CommandPrefix { get; } =
        Command == "dotnet" ? [Path.Combine(AppContext.BaseDirectory, "mcp-db-engineer.dll")] : [];

    public static Task<McpClient> StartStdioAsync(string connectionString, params string[] extraArguments) =>
        StartStdioWithArgumentsAsync(["serve", "--connection", connectionString, .. extraArguments]);

    /// <summary>Starts the server with exactly these arguments and no DATABASE_URL from the test's environment.</summary>
    public static Task<McpClient> StartStdioWithArgumentsAsync(IReadOnlyList<string> arguments, McpClientOptions? options = null) =>
        McpClient.CreateAsync(
            new StdioClientTransport(new StdioClientTransportOptions
            {
                Name = "mcp-db-engineer",
                Command = Command,
                Arguments = [.. CommandPrefix, .. arguments],
                EnvironmentVariables = new Dictionary<string, string?> { ["DATABASE_URL"] = null },
                ShutdownTimeout = TimeSpan.FromSeconds(10),
            }),
            options);

    /// <summary>Starts the server on HTTP (loopback, free port) and waits until it listens.</summary>
    public static async Task<HttpServerHandle> StartHttpAsync(string connectionString, params string[] extraArguments)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var process = ChildProcess.StartServer(["serve", "--transport", "http", "--urls", url, "--connection", connectionString, .. extraArguments]);
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!process.HasExited)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }

        return new HttpServerHandle(process, new Uri(url + "/mcp"), () => { lock (stderr) { return stderr.ToString(); } });
    }

    public static async Task<string> CallTextAsync(this McpClient client, string tool, Dictionary<string, object?>? arguments = null)
    {
        var result = await client.CallToolAsync(tool, arguments ?? []);
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
        Assert.False(result.IsError == true, $"{tool} failed: {text}");
        return text;
    }

    public static async Task<string> CallErrorAsync(this McpClient client, string tool, Dictionary<string, object?>? arguments = null)
    {
        var result = await client.CallToolAsync(tool, arguments ?? []);
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
        Assert.True(result.IsError == true, $"{tool} was expected to fail but answered: {text}");
        return text;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A running HTTP server process; disposing ends it.</summary>
public sealed class HttpServerHandle(Process process, Uri endpoint, Func<string> stderr) : IAsyncDisposable
{
    public Uri Endpoint { get; } = endpoint;

    public Process Process { get; } = process;

    public string StandardError => stderr();

    public Task<McpClient> ConnectAsync(string? token = null, McpClientOptions? options = null) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = Endpoint,
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = token is null ? null : new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
            }),
            options);

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }

        Process.Dispose();
    }
}
