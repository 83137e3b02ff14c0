using McpDbEngineer.Sandbox;
using Npgsql;

namespace McpDbEngineer.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run (the product's own <see cref="LocalCluster"/>),
/// with pg_stat_statements, hypopg and vector available, and the sample database as a template to copy.
/// </summary>
public static class TestCluster
{
    public const string TemplateDatabase = "sample_template";

    private static readonly Lazy<Task<ClusterEndpoint>> Started = new(StartAsync);
    private static readonly Lazy<Task<string>> ShadowStarted = new(StartShadowAsync);
    private static int _databaseCounter;

    public static Task<ClusterEndpoint> EndpointAsync() => Started.Value;

    public static async Task<NpgsqlConnectionStringBuilder> AdminConnectionAsync() =>
        SandboxDatabase.Connection(await EndpointAsync(), "postgres");

    /// <summary>A new database copied from the sample template: each test class gets its own.</summary>
    public static async Task<NpgsqlConnectionStringBuilder> CreateSampleDatabaseAsync(string purpose)
    {
        var name = $"t{Interlocked.Increment(ref _databaseCounter)}_{new string(purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(40).ToArray())}";
        await using var admin = new NpgsqlConnection((await AdminConnectionAsync()).ConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE {TemplateDatabase}", admin);
        await command.ExecuteNonQueryAsync();
        return SandboxDatabase.Connection(await EndpointAsync(), name);
    }

    /// <summary>An empty database (no sample tables): a memory store of a test's own.</summary>
    public static async Task<NpgsqlConnectionStringBuilder> CreateEmptyDatabaseAsync(string purpose)
    {
        var name = $"t{Interlocked.Increment(ref _databaseCounter)}_{new string(purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(40).ToArray())}";
        await using var admin = new NpgsqlConnection((await AdminConnectionAsync()).ConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
        await command.ExecuteNonQueryAsync();
        return SandboxDatabase.Connection(await EndpointAsync(), name);
    }

    private const string RootPrefix = "mcpdb-tests-";

    /// <summary>The cluster's folder: a server given it as --sandbox-dir finds this cluster running (memory's local store).</summary>
    public static string Root { get; } = Path.Combine(Path.GetTempPath(), $"{RootPrefix}{Environment.ProcessId}");

    /// <summary>Where shadow databases are made: a second cluster of the run (Shadow:Directory), started once.</summary>
    public static Task<string> ShadowDirectoryAsync() => ShadowStarted.Value;

    /// <summary>
    /// The shadow cluster is a cluster of its own, as in the product: the roles a rehearsal creates there never show in
    /// the fingerprints of the test databases.
    /// </summary>
    private static async Task<string> StartShadowAsync()
    {
        await EndpointAsync();
        var root = Path.Combine(Root, "shadow");
        var cluster = new LocalCluster(root);
        await cluster.EnsureRunningAsync(FastSettings, CancellationToken.None);
        return root; // stopped with the main cluster at exit (StartAsync), so the host cannot end the run between the two

    }

    private static readonly Dictionary<string, string> FastSettings = new()
    {
        ["fsync"] = "off", // a throwaway cluster: durability buys nothing and costs time
        ["synchronous_commit"] = "off",
        ["full_page_writes"] = "off",
    };

    private static async Task<ClusterEndpoint> StartAsync()
    {
        await RemoveLeftoversAsync();
        var cluster = new LocalCluster(Root);
        var settings = new Dictionary<string, string>(SandboxDatabase.ClusterSettings)
        {
            ["max_connections"] = "200",
        };
        foreach (var (key, value) in FastSettings)
        {
            settings[key] = value;
        }

        var endpoint = await cluster.EnsureRunningAsync(settings, CancellationToken.None);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // Both clusters at once, the shadow's too when a test started it. The folder itself is removed by the next run
            // (RemoveLeftoversAsync): the host may end us mid-delete.
            var shadow = Path.Combine(Root, "shadow");
            Task.WhenAll(
                    cluster.StopAsync(CancellationToken.None),
                    Directory.Exists(Path.Combine(shadow, "data")) ? new LocalCluster(shadow).StopAsync(CancellationToken.None) : Task.CompletedTask)
                .GetAwaiter().GetResult();
        };

        await SampleSchema.EnsureAsync(SandboxDatabase.Connection(endpoint, "postgres"), TemplateDatabase, CancellationToken.None);
        return endpoint;
    }

    /// <summary>Clusters of earlier runs whose test process is gone (killed, or cut short at exit): stop and delete them.</summary>
    private static async Task RemoveLeftoversAsync()
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), RootPrefix + "*"))
        {
            if (int.TryParse(Path.GetFileName(directory)[RootPrefix.Length..], out var pid) && IsAlive(pid))
            {
                continue;
            }

            try
            {
                if (Directory.Exists(Path.Combine(directory, "shadow", "data")))
                {
                    await new LocalCluster(Path.Combine(directory, "shadow")).StopAsync(CancellationToken.None);
                }

                await new LocalCluster(directory).StopAsync(CancellationToken.None);
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another test run on this machine is removing the same leftover: nothing of ours is at stake.
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
