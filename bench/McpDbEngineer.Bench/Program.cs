using System.Diagnostics;
using McpDbEngineer.Bench;
using McpDbEngineer.Sandbox;
using Npgsql;

// Usage: McpDbEngineer.Bench --server <native binary> [--jit <mcp-db-engineer.dll>] [--peer "label=command args… {url}"]…
//        [--out results.md] [--work <dir>] [--cold-runs 20] [--calls 500]
//        [--read-write-only true [--baseline-jit <an older build's mcp-db-engineer.dll>]]: only the read-write costs,
//        to compare two builds (--server may then be omitted).
//        [--rehearsal-only true]: only rehearse_migration, on a cluster holding just the sample shop (a minute, not eight).
//        [--lint-only true]: only the lint time of a 1,000-statement migration (in process, the CLI, lint_migration).
//        [--memory-only true --memory-data bench/memory]: only decision memory's recall and search latency (writes
//        memory.md beside --out).
//        [--indexes-only true --indexes-data bench/indexes]: only recommend_indexes on the 22-query workload of
//        bench/indexes, and the workload's time before and after building its advice (writes indexes.md beside --out).
//        [--vector-only true]: only recommend_vector_index with measure on 100,000 synthetic clustered vectors (writes
//        vector.md beside --out).
//        [--cold-start-only true]: only the start-up measurements of every server (printed, latest.md left as it is).
//        [--cpus 0]: every server (ours and the peers) started through `taskset -c 0`, pinned to those CPUs: a slower
//        machine emulated on this one; the report says so next to the machine.
// {url} in a peer's command line becomes the postgres:// URL of the benchmark database.
var options = ParseArguments(args);
var readWriteOnly = options.ContainsKey("--read-write-only");
var rehearsalOnly = options.ContainsKey("--rehearsal-only");
var lintOnly = options.ContainsKey("--lint-only");
var server = options.GetValueOrDefault("--server")?.Single()
    ?? (readWriteOnly ? null : throw new ArgumentException("--server <path of the published binary> is required"));
var work = options.GetValueOrDefault("--work")?.Single() ?? Path.Combine(Path.GetTempPath(), $"mcpdb-bench-{Environment.ProcessId}");
var coldRuns = int.Parse(options.GetValueOrDefault("--cold-runs")?.Single() ?? "20", System.Globalization.CultureInfo.InvariantCulture);
var callRuns = int.Parse(options.GetValueOrDefault("--calls")?.Single() ?? "500", System.Globalization.CultureInfo.InvariantCulture);
var noInheritedDatabase = new Dictionary<string, string?> { ["DATABASE_URL"] = null };
var cpus = options.GetValueOrDefault("--cpus")?.Single();
var profile = cpus is null ? null : $"every server pinned to CPU {cpus} with `taskset -c {cpus}` (an emulated slower machine: one core for the server, shared with the other users of this machine; the client and PostgreSQL unpinned)";

// Every server through taskset when a profile pins them; exec'd in place, so the process is still the server.
ServerCommand Pinned(ServerCommand command) =>
    cpus is null ? command : command with { Command = "taskset", Arguments = ["-c", cpus, command.Command, .. command.Arguments] };
void Progress(string message) => Console.Error.WriteLine($"bench: {message}");

if (rehearsalOnly)
{
    try
    {
        await RehearsalOnlyAsync(server!);
    }
    finally
    {
        Directory.Delete(work, recursive: true);
    }

    return 0;
}

if (options.ContainsKey("--indexes-only"))
{
    await MeasureIndexesAsync();
    return 0;
}

if (options.ContainsKey("--vector-only"))
{
    await MeasureVectorAsync();
    return 0;
}

if (options.ContainsKey("--memory-only"))
{
    await MeasureMemoryAsync();
    return 0;
}

Progress($"starting a throwaway cluster in {work} with the sample database and {BenchDatabase.WideTables:N0} tables");
try
{
    await using var database = await BenchDatabase.StartAsync(Path.Combine(work, "cluster"));
    await MeasureAsync(database);
}
finally
{
    Directory.Delete(work, recursive: true);
}

return 0;

async Task MeasureAsync(BenchDatabase database)
{
    var connection = database.Connection.ConnectionString;
    var url = $"postgresql://{database.Connection.Username}:{database.Connection.Password}@{database.Connection.Host}:{database.Connection.Port}/{database.Connection.Database}";
    var postgresVersion = await ScalarAsync(connection, "SHOW server_version");
    var loadBefore = File.ReadAllText("/proc/loadavg").Trim();

    var servers = new List<ServerCommand>();
    if (server is not null)
    {
        servers.Add(new("mcp-db-engineer (Native AOT)", server, ["serve", "--connection", connection]) { Environment = noInheritedDatabase });
    }

    if (options.GetValueOrDefault("--jit")?.Single() is { } dll)
    {
        servers.Add(new("mcp-db-engineer (JIT, `dotnet …dll`)", "dotnet", [dll, "serve", "--connection", connection]) { Environment = noInheritedDatabase });
    }

    var lintSuite = new LintSuite(Progress);
    if (lintOnly)
    {
        Console.WriteLine(Report.Render([(servers[0].Label, await lintSuite.RunAsync(servers[0]))], [], postgresVersion));
        return;
    }

    await ReadWriteSuite.PrepareAsync(connection);
    var readWriteSuite = new ReadWriteSuite(Math.Min(callRuns, 200), Progress);
    if (readWriteOnly)
    {
        if (options.GetValueOrDefault("--baseline-jit")?.Single() is { } baseline)
        {
            servers.Add(new("baseline build (JIT)", "dotnet", [baseline, "serve", "--connection", connection]) { Environment = noInheritedDatabase });
        }

        var readWriteResults = new List<(string, IReadOnlyList<Measurement>)>();
        foreach (var candidate in servers)
        {
            readWriteResults.Add((candidate.Label, await readWriteSuite.RunAsync(candidate)));
        }

        readWriteResults[0] = (readWriteResults[0].Item1, [.. readWriteResults[0].Item2, .. await readWriteSuite.MeasureQueriesAsync(connection)]);
        Console.WriteLine(Report.Render(readWriteResults, [], postgresVersion));
        return;
    }

    foreach (var peer in options.GetValueOrDefault("--peer") ?? [])
    {
        var (label, commandLine) = (peer[..peer.IndexOf('=')], peer[(peer.IndexOf('=') + 1)..]);
        var words = commandLine.Replace("{url}", url, StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        servers.Add(new(label, words[0], words[1..]));
    }

    servers = [.. servers.Select(Pinned)];
    var suite = new Suite(coldRuns, callRuns, Progress);
    if (options.ContainsKey("--cold-start-only"))
    {
        var starts = new List<(string, IReadOnlyList<Measurement>)>();
        foreach (var candidate in servers)
        {
            starts.Add((candidate.Label, await suite.ColdStartAsync(candidate)));
        }

        Console.WriteLine(Report.Render(starts, [$"Load average before and after: {loadBefore} · {File.ReadAllText("/proc/loadavg").Trim()}"], postgresVersion, profile: profile));
        return;
    }

    var results = new List<(string, IReadOnlyList<Measurement>)>();
    var notes = new List<string>();
    foreach (var candidate in servers)
    {
        try
        {
            results.Add((candidate.Label, await suite.RunAsync(candidate)));
        }
        catch (Exception e) when (candidate != servers[0])
        {
            notes.Add($"{candidate.Label} could not be measured: {e.Message}");
        }
    }

    // What read-write mode's measured effect costs, what lint and a rehearsal cost: our server only (the others have none of them).
    results[0] = (results[0].Item1,
        [.. results[0].Item2, .. await readWriteSuite.RunAsync(servers[0]), .. await readWriteSuite.MeasureQueriesAsync(connection), .. await lintSuite.RunAsync(servers[0])]);
    var sample = await RehearsalSuite.PrepareAsync(database.Connection);
    results[0] = (results[0].Item1, [.. results[0].Item2, .. await RehearseAsync(servers[0], sample.ConnectionString)]);
    notes.Add(await SandboxFirstStartAsync(server!, Path.Combine(work, "sandbox")));
    notes.Add($"Load average before and after: {loadBefore} · {File.ReadAllText("/proc/loadavg").Trim()}");
    var report = Report.Render(results, notes, postgresVersion, profile: profile);
    if (options.GetValueOrDefault("--out")?.Single() is { } output)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, report);
    }

    Console.WriteLine(report);
}

// rehearse_migration alone: a throwaway cluster with the sample shop only, and the server's own embedded shadow cluster.
async Task RehearsalOnlyAsync(string binary)
{
    Progress($"starting a throwaway cluster in {work} with the sample database only");
    var cluster = new LocalCluster(Path.Combine(work, "cluster"));
    var endpoint = await cluster.EnsureRunningAsync(new Dictionary<string, string> { ["fsync"] = "off", ["synchronous_commit"] = "off" }, CancellationToken.None);
    try
    {
        var sample = await RehearsalSuite.PrepareAsync(SandboxDatabase.Connection(endpoint, "postgres"));
        var ours = new ServerCommand("mcp-db-engineer (Native AOT)", binary, []) { Environment = noInheritedDatabase };
        var results = await RehearseAsync(ours, sample.ConnectionString);
        Console.WriteLine(Report.Render([(ours.Label, results)], [], await ScalarAsync(sample.ConnectionString, "SHOW server_version"), "the sample shop alone (--rehearsal-only)"));
    }
    finally
    {
        await cluster.StopAsync(CancellationToken.None);
    }
}

async Task<IReadOnlyList<Measurement>> RehearseAsync(ServerCommand ours, string sampleConnection)
{
    var shadow = Path.Combine(work, "shadow");
    try
    {
        return await new RehearsalSuite(Math.Min(callRuns, 20), Progress).RunAsync(ours, sampleConnection, shadow);
    }
    finally
    {
        await new LocalCluster(shadow).StopAsync(CancellationToken.None);
    }
}

// The handshake must not wait for the database: on a first start the sandbox runs initdb and loads the sample for
// seconds, while initialize is answered at once and the first tool call waits for the sandbox.
async Task<string> SandboxFirstStartAsync(string binary, string sandboxDirectory)
{
    Progress("first start with the embedded sandbox");
    var command = new ServerCommand("sandbox", binary, ["serve", "--sandbox-dir", sandboxDirectory]) { Environment = noInheritedDatabase };
    var clock = Stopwatch.StartNew();
    string firstCall;
    double initialized;
    await using (var running = await command.StartAsync())
    {
        initialized = clock.Elapsed.TotalMilliseconds;
        var answer = await ToolAnswer.CallAsync(running.Client, "list_schemas", []);
        firstCall = answer.IsError ? $"failed ({answer.Text})" : $"answered after {clock.Elapsed.TotalSeconds:0.0} s";
    }

    await new LocalCluster(sandboxDirectory).StopAsync(CancellationToken.None);
    Directory.Delete(sandboxDirectory, recursive: true);
    return $"First start with no database configured (the embedded sandbox runs initdb and loads the sample in the background): " +
           $"initialize answered in {initialized:0} ms; the first list_schemas, which waits for the sandbox, {firstCall}.";
}

// Index advice on a cluster of its own, with the server's embedded shadow cluster beside it.
async Task MeasureIndexesAsync()
{
    var cluster = new LocalCluster(Path.Combine(work, "indexes-cluster"));
    var shadow = Path.Combine(work, "shadow");
    try
    {
        var settings = new Dictionary<string, string>(SandboxDatabase.ClusterSettings) { ["fsync"] = "off", ["synchronous_commit"] = "off" };
        var endpoint = await cluster.EnsureRunningAsync(settings, CancellationToken.None);
        var command = new ServerCommand("mcp-db-engineer", server!, []) { Environment = noInheritedDatabase };
        var data = options.GetValueOrDefault("--indexes-data")?.Single() ?? Path.Combine("bench", "indexes");
        var report = await new IndexesSuite(data, Progress).RunAsync(command, SandboxDatabase.Connection(endpoint, "postgres"), shadow);
        if (options.GetValueOrDefault("--out")?.Single() is { } output)
        {
            await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, "indexes.md"), report);
        }

        Console.WriteLine(report);
    }
    finally
    {
        await new LocalCluster(shadow).StopAsync(CancellationToken.None);
        await cluster.StopAsync(CancellationToken.None);
        Directory.Delete(work, recursive: true);
    }
}

// Decision memory on a cluster of its own: the target is the cluster's postgres database, memory an empty database.
async Task MeasureMemoryAsync()
{
    var cluster = new LocalCluster(Path.Combine(work, "memory-cluster"));
    try
    {
        var endpoint = await cluster.EnsureRunningAsync(SandboxDatabase.ClusterSettings, CancellationToken.None);
        var admin = SandboxDatabase.Connection(endpoint, "postgres").ConnectionString;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE memory_bench", connection);
            await create.ExecuteNonQueryAsync();
        }

        var memoryUrl = SandboxDatabase.Connection(endpoint, "memory_bench").ConnectionString;
        var command = new ServerCommand("mcp-db-engineer", server!, ["serve", "--connection", admin, "--memory-url", memoryUrl, "--embeddings", "local"]) { Environment = noInheritedDatabase };
        var data = options.GetValueOrDefault("--memory-data")?.Single() ?? Path.Combine("bench", "memory");
        var report = "# Decision memory: recall and search latency\n\n" + await new MemorySuite(Progress).RunAsync(command, data);
        if (options.GetValueOrDefault("--out")?.Single() is { } output)
        {
            await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, "memory.md"), report);
        }

        Console.WriteLine(report);
    }
    finally
    {
        await cluster.StopAsync(CancellationToken.None);
        Directory.Delete(work, recursive: true);
    }
}

// recommend_vector_index on a cluster of its own (the sample shop plus the synthetic vectors), shadows on the server's own cluster.
async Task MeasureVectorAsync()
{
    var cluster = new LocalCluster(Path.Combine(work, "vector-cluster"));
    var shadow = Path.Combine(work, "shadow");
    try
    {
        var endpoint = await cluster.EnsureRunningAsync(SandboxDatabase.ClusterSettings, CancellationToken.None);
        await SampleSchema.EnsureAsync(SandboxDatabase.Connection(endpoint, "postgres"), BenchDatabase.Database, CancellationToken.None);
        var target = SandboxDatabase.Connection(endpoint, BenchDatabase.Database).ConnectionString;
        // Builds of 100,000 rows on a shared 2-core machine can outlast the shadow's default 120 s statement limit.
        var command = new ServerCommand("mcp-db-engineer", server!, ["serve", "--connection", target, "--shadow-dir", shadow])
        {
            Environment = new Dictionary<string, string?>(noInheritedDatabase) { ["MCPDB_SHADOW__STATEMENTTIMEOUTSECONDS"] = "1800" },
        };
        var report = "# recommend_vector_index: recall and latency of the recommended index\n\n" + await new VectorSuite(Progress).RunAsync(command, target);
        if (options.GetValueOrDefault("--out")?.Single() is { } output)
        {
            await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, "vector.md"), report);
        }

        Console.WriteLine(report);
    }
    finally
    {
        await new LocalCluster(shadow).StopAsync(CancellationToken.None);
        await cluster.StopAsync(CancellationToken.None);
        Directory.Delete(work, recursive: true);
    }
}

static async Task<string> ScalarAsync(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    return (string)(await command.ExecuteScalarAsync())!;
}

static Dictionary<string, List<string>> ParseArguments(string[] args)
{
    var options = new Dictionary<string, List<string>>();
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        if (!options.TryGetValue(args[i], out var values))
        {
            options[args[i]] = values = [];
        }

        values.Add(args[i + 1]);
    }

    return options;
}
