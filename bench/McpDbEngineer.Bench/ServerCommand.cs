using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;

namespace McpDbEngineer.Bench;

/// <summary>A server under test: a label and the command line an MCP client would start over stdio.</summary>
public sealed record ServerCommand(string Label, string Command, IReadOnlyList<string> Arguments)
{
    public IDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Starts the server and completes the MCP handshake, as an agent's client does.</summary>
    public async Task<RunningServer> StartAsync()
    {
        var before = ProcessTree.Descendants(System.Environment.ProcessId);
        var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = Label,
            Command = Command,
            Arguments = [.. Arguments],
            EnvironmentVariables = Environment,
            ShutdownTimeout = TimeSpan.FromSeconds(10),
        }));
        var started = ProcessTree.Descendants(System.Environment.ProcessId).Except(before).ToArray();
        return new RunningServer(client, started);
    }

    /// <summary>
    /// Spawn → initialize answered with nothing but a pipe: one JSON-RPC line written, one read. What the
    /// server costs, without the client library's own start-up work. With <paramref name="call"/>: until that
    /// tools/call, sent after the initialized notification, is answered.
    /// </summary>
    public async Task<double> MeasureRawStartAsync((string Tool, Dictionary<string, object?> Arguments)? call)
    {
        var start = new ProcessStartInfo(Command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Command}.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        await process.StandardInput.WriteLineAsync(InitializeRequest);
        await process.StandardInput.FlushAsync();
        var answer = await process.StandardOutput.ReadLineAsync();
        if (answer is null || !answer.Contains("\"protocolVersion\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{Label} did not answer initialize: {answer}");
        }

        if (call is { } bound)
        {
            var (tool, arguments) = bound;
            var request = new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = 2,
                ["method"] = "tools/call",
                ["params"] = new JsonObject { ["name"] = tool, ["arguments"] = JsonSerializer.SerializeToNode(arguments) },
            };
            await process.StandardInput.WriteLineAsync(InitializedNotification);
            await process.StandardInput.WriteLineAsync(request.ToJsonString());
            await process.StandardInput.FlushAsync();
            // Notifications (logging, list changes) may come first: the answer is the line with the call's id.
            while ((answer = await process.StandardOutput.ReadLineAsync()) is not null && !answer.Contains("\"id\":2", StringComparison.Ordinal))
            {
            }

            if (answer is null || !answer.Contains("\"result\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{Label} did not answer tools/call: {answer}");
            }
        }

        var elapsed = clock.Elapsed.TotalMilliseconds;

        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(2)))
        {
            process.Kill(entireProcessTree: true);
        }

        return elapsed;
    }

    private const string InitializedNotification = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";

    private const string InitializeRequest =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}""";
}

/// <summary>A connected client and the processes that were started for its server (npx starts a few).</summary>
public sealed class RunningServer(McpClient client, IReadOnlyList<int> processes) : IAsyncDisposable
{
    public McpClient Client { get; } = client;

    /// <summary>The largest peak resident set (VmHWM) among the server's processes, in bytes.</summary>
    public long PeakResidentBytes() => processes.Select(ProcessTree.PeakResidentBytes).DefaultIfEmpty(0).Max();

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}

/// <summary>Reads the process tree and memory peaks from /proc (Linux).</summary>
public static class ProcessTree
{
    public static HashSet<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                // Fields after the command name, which is in parentheses and may contain spaces: state, ppid, ...
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // the process ended while we looked
            }
        }

        var found = new HashSet<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var (pid, ppid) in parents)
            {
                if (ppid == parent && found.Add(pid))
                {
                    frontier.Enqueue(pid);
                }
            }
        }

        return found;
    }

    public static long PeakResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
