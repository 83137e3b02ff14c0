using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ModelContextProtocol;

namespace McpDbEngineer.Bench;

/// <summary>One measured value of one server; Number is what targets compare (ms, bytes), when there is one.</summary>
public sealed record Measurement(string Metric, string Value, double? Number = null);

/// <summary>The same measurements for every server under test, through a real MCP client over stdio.</summary>
public sealed class Suite(int coldRuns, int callRuns, Action<string> progress)
{
    public const string ColdStart = "cold start with the SDK client: spawn → initialize answered";
    public const string ToolsListPerTool = "tools/list bytes per tool (average)";
    public const string SelectOne = "execute_sql `SELECT 1` round trip";
    public const string VettedRead = "execute_sql `SELECT count(*) FROM orders WHERE customer_id = 42 AND lower(status::text) <> 'x'` round trip";
    public const string PeakRss = "peak RSS of the server (VmHWM)";

    private const int WarmUpCalls = 20;

    private static readonly ToolCall[] RoundTrips =
    [
        new("list_schemas round trip", ["list_schemas"], []),
        new($"list_objects schema `{BenchDatabase.WideSchema}` ({BenchDatabase.WideTables:N0} tables) round trip", ["list_objects"],
            [new(["schema"], BenchDatabase.WideSchema)]),
        new("describe_table `orders` round trip", ["describe_table"], [new(["table", "name"], "orders")]),
        new(SelectOne, ["execute_sql", "query"], [new(["sql", "query"], "SELECT 1")]),
        // A read of a table with a function and operators: what the guard vets (SELECT 1 holds nothing to vet).
        new(VettedRead, ["execute_sql", "query"], [new(["sql", "query"], "SELECT count(*) FROM orders WHERE customer_id = 42 AND lower(status::text) <> 'x'")]),
    ];

    private static readonly ToolCall ThousandRows = new(
        "execute_sql `SELECT * FROM orders LIMIT 1000`", ["execute_sql", "query"],
        [new(["sql", "query"], "SELECT * FROM orders LIMIT 1000"), new(["max_rows", "maxRows", "row", "limit"], 1000, Required: false)]);

    public async Task<IReadOnlyList<Measurement>> RunAsync(ServerCommand server)
    {
        var results = new List<Measurement>(await ColdStartAsync(server));
        await using var running = await server.StartAsync();
        var client = running.Client;
        var tools = await client.ListToolsAsync();
        var toolBytes = tools.Select(t => JsonSerializer.SerializeToUtf8Bytes(t.ProtocolTool, McpJsonUtilities.DefaultOptions).Length).ToArray();
        results.Add(new("tools/list: tools", tools.Count.ToString(CultureInfo.InvariantCulture), tools.Count));
        results.Add(new("tools/list bytes (tool definitions, total)", $"{toolBytes.Sum():N0} B", toolBytes.Sum()));
        if (tools.Count > 0)
        {
            results.Add(new(ToolsListPerTool, $"{toolBytes.Average():N0} B", toolBytes.Average()));
        }

        var calls = 0;
        foreach (var call in RoundTrips)
        {
            if (call.Bind(tools, out var missing) is not { } bound)
            {
                results.Add(new(call.Label, $"— ({missing})"));
                continue;
            }

            progress($"{server.Label}: {callRuns} × {bound.Tool}");
            var answer = await ToolAnswer.CallAsync(client, bound.Tool, bound.Arguments);
            if (answer.IsError)
            {
                results.Add(new(call.Label, $"error: {Shorten(answer.Text)}"));
                continue;
            }

            for (var i = 0; i < WarmUpCalls; i++)
            {
                await ToolAnswer.CallAsync(client, bound.Tool, bound.Arguments);
            }

            var timings = await Timings.MeasureAsync(callRuns, () => ToolAnswer.CallAsync(client, bound.Tool, bound.Arguments));
            calls += callRuns + WarmUpCalls + 1;
            results.Add(Timed(call.Label, timings, "calls"));
            results.Add(new(call.Label.Replace("round trip", "answer bytes", StringComparison.Ordinal), $"{answer.Utf8Bytes:N0} B", answer.Utf8Bytes));
        }

        if (ThousandRows.Bind(tools, out var thousandMissing) is { } thousand)
        {
            var answer = await ToolAnswer.CallAsync(client, thousand.Tool, thousand.Arguments);
            var rows = answer.Text.Count(c => c == '\n');
            results.Add(new($"{ThousandRows.Label} answer bytes", answer.IsError ? $"error: {Shorten(answer.Text)}" : $"{answer.Utf8Bytes:N0} B ({rows:N0} lines)", answer.Utf8Bytes));
            results.Add(DataMarks(answer));
            calls++;
        }
        else
        {
            results.Add(new($"{ThousandRows.Label} answer bytes", $"— ({thousandMissing})"));
        }

        var rss = running.PeakResidentBytes();
        results.Add(new(PeakRss, $"{rss / 1024.0 / 1024.0:N1} MB after {calls:N0} calls", rss / 1024.0 / 1024.0));
        return results;
    }

    /// <summary>
    /// Spawn → initialize answered and spawn → the first tools/call answered (`SELECT 1`, with no tools/list before it:
    /// the tool and its arguments are bound once beforehand), each with the SDK client and over a bare pipe.
    /// </summary>
    public async Task<IReadOnlyList<Measurement>> ColdStartAsync(ServerCommand server)
    {
        var results = new List<Measurement>();
        progress($"{server.Label}: {coldRuns} cold starts of each kind");
        // The clock stops at the answer: closing the session is not start-up (a peer that does not exit when its stdin
        // closes would be waited for until the client kills it).
        var cold = await RepeatAsync(async () =>
        {
            var clock = Stopwatch.StartNew();
            await using var _ = await server.StartAsync();
            return clock.Elapsed.TotalMilliseconds;
        });
        results.Add(Timed(ColdStart, cold, "runs"));
        results.Add(Timed(BarePipeStart, await RepeatAsync(() => server.MeasureRawStartAsync(call: null)), "runs"));

        (string Tool, Dictionary<string, object?> Arguments)? selectOne;
        await using (var probe = await server.StartAsync())
        {
            selectOne = RoundTrips.Single(c => c.Label == SelectOne).Bind(await probe.Client.ListToolsAsync(), out _);
        }

        if (selectOne is not { } call)
        {
            return results;
        }

        var first = await RepeatAsync(async () =>
        {
            var clock = Stopwatch.StartNew();
            await using var started = await server.StartAsync();
            await ToolAnswer.CallAsync(started.Client, call.Tool, call.Arguments);
            return clock.Elapsed.TotalMilliseconds;
        });
        results.Add(Timed(FirstCall, first, "runs"));
        results.Add(Timed(BarePipeFirstCall, await RepeatAsync(() => server.MeasureRawStartAsync(call)), "runs"));
        return results;
    }

    public const string BarePipeStart = "cold start, bare pipe (no client library): spawn → initialize answered";
    public const string FirstCall = "cold start with the SDK client: spawn → first tools/call (`SELECT 1`) answered";
    public const string BarePipeFirstCall = "cold start, bare pipe: spawn → first tools/call (`SELECT 1`) answered";

    private async Task<Timings> RepeatAsync(Func<Task<double>> measure)
    {
        var raw = new List<double>();
        for (var i = 0; i < coldRuns; i++)
        {
            raw.Add(await measure());
        }

        return new Timings(raw);
    }

    /// <summary>
    /// What an answer spends marking database content as data: the boundary line before it and the one after (a tag
    /// drawn for each call and one short note), when the server marks it.
    /// </summary>
    private static Measurement DataMarks(ToolAnswer answer)
    {
        const string metric = "execute_sql bytes spent marking rows as data (boundary lines, per answer)";
        var lines = answer.Text.Split('\n');
        if (answer.IsError || !answer.Text.StartsWith("<data-", StringComparison.Ordinal) || lines.Length < 3)
        {
            return new(metric, "— (not marked)");
        }

        var bytes = System.Text.Encoding.UTF8.GetByteCount(lines[0]) + System.Text.Encoding.UTF8.GetByteCount(lines[^2]) + 2;
        return new(metric, $"{bytes:N0} B", bytes);
    }

    private static Measurement Timed(string metric, Timings timings, string unit) =>
        new(metric, $"{Ms(timings.Median)} / {Ms(timings.P95)} ms ({timings.Count} {unit})", timings.Median);

    private static string Ms(double value) => value.ToString(value < 10 ? "0.00" : "0", CultureInfo.InvariantCulture);

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 80 ? line : line[..80] + "…";
    }
}
