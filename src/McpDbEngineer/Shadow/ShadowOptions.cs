namespace McpDbEngineer.Shadow;

/// <summary>Where shadow databases are made: a server given by URL, else a private cluster of their own.</summary>
public sealed class ShadowOptions
{
    public const string Section = "Shadow";

    /// <summary>
    /// A server (Npgsql connection string or postgres:// URI, any database on it) where the login may CREATE DATABASE.
    /// Empty means the embedded shadow cluster. Never the production server: rehearsals create and drop databases there.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>Folder of the embedded shadow cluster; empty means "shadow" beside the embedded sandbox's folder.</summary>
    public string? Directory { get; set; }

    /// <summary>Seconds one statement may run on a shadow (index builds on sampled rows, CONCURRENTLY waits).</summary>
    public int StatementTimeoutSeconds { get; set; } = 120;
}
