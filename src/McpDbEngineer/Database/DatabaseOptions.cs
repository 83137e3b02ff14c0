namespace McpDbEngineer.Database;

/// <summary>Where the target database is and how long we wait for it.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>An Npgsql connection string or a postgres:// URI; empty means the embedded sandbox.</summary>
    public string? ConnectionString { get; set; }

    public string ApplicationName { get; set; } = "mcp-db-engineer";

    /// <summary>Seconds to wait for a connection to open.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>Seconds a single statement may run (also sent as statement_timeout).</summary>
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>Seconds a statement may wait for a lock before giving up.</summary>
    public int LockTimeoutSeconds { get; set; } = 5;

    /// <summary>Folder of the embedded sandbox cluster; empty means the per-user default.</summary>
    public string? SandboxDirectory { get; set; }
}
