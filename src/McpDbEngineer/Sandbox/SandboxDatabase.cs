using McpDbEngineer.Database;
using McpDbEngineer.Safety;
using McpDbEngineer.Safety.Guard;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace McpDbEngineer.Sandbox;

/// <summary>
/// The embedded default: a private cluster in the user's data folder with a sample database,
/// used when no connection is configured so that a new user can try every tool at once.
/// </summary>
public sealed class SandboxDatabase(string rootDirectory, ILogger logger)
{
    public const string SampleDatabase = "sample";

    /// <summary>Settings for every local cluster we run: workload statistics for the index advisor.</summary>
    public static readonly IReadOnlyDictionary<string, string> ClusterSettings = new Dictionary<string, string>
    {
        ["shared_preload_libraries"] = "pg_stat_statements",
        ["pg_stat_statements.track"] = "all",
    };

    public static string DefaultRoot()
    {
        if (OperatingSystem.IsLinux() && Environment.UserName == "root")
        {
            // root's home is closed to the 'postgres' account that must own the cluster.
            return "/var/lib/mcp-db-engineer/sandbox";
        }

        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(dataHome))
        {
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(dataHome, "mcp-db-engineer", "sandbox");
    }

    public async Task<NpgsqlConnectionStringBuilder> StartAsync(CancellationToken cancellationToken)
    {
        var cluster = new LocalCluster(rootDirectory);
        var endpoint = await cluster.EnsureRunningAsync(ClusterSettings, cancellationToken);
        var admin = Connection(endpoint, "postgres");
        await SampleSchema.EnsureAsync(admin, SampleDatabase, cancellationToken);
        // The sandbox connects as its superuser: in read-only mode agent statements run as the reader instead.
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await SqlScript.ExecuteAsync(connection, RestrictedRole.Sql(SafetyOptions.DefaultRestrictedRole), cancellationToken);
        }

        logger.LogWarning(
            "No database configured: serving the embedded sandbox database '{Database}' at 127.0.0.1:{Port} (cluster in {Root}). " +
            "The cluster keeps running after this server exits, so that the next start is fast: `mcp-db-engineer sandbox status|stop|reset` " +
            "shows, stops or removes it. " +
            "To use a real database set DATABASE_URL=postgres://user:password@host:5432/db or pass --connection \"Host=...;Database=...;Username=...\".",
            SampleDatabase, endpoint.Port, rootDirectory);
        return Connection(endpoint, SampleDatabase);
    }

    public static NpgsqlConnectionStringBuilder Connection(ClusterEndpoint endpoint, string database) => new()
    {
        Host = endpoint.Host,
        Port = endpoint.Port,
        Username = endpoint.Username,
        Password = endpoint.Password,
        Database = database,
    };
}
