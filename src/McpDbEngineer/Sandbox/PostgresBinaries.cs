namespace McpDbEngineer.Sandbox;

/// <summary>Finds the local PostgreSQL server programs (initdb, pg_ctl) used for the sandbox and the tests.</summary>
public static class PostgresBinaries
{
    /// <summary>Overrides discovery with a folder holding initdb and pg_ctl.</summary>
    public const string EnvironmentVariable = "MCPDB_PG_BIN";

    // pgvector and hypopg are installed for 15 by scripts/setup.sh, so 15 wins when several are present.
    private const string PreferredMajor = "15";

    public static string FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasServer(configured)
                ? configured
                : throw new ToolException($"{EnvironmentVariable}={configured} does not contain initdb and pg_ctl.");
        }

        foreach (var candidate in Candidates())
        {
            if (HasServer(candidate))
            {
                return candidate;
            }
        }

        throw new ToolException(
            "No PostgreSQL server binaries (initdb, pg_ctl) found for the embedded sandbox. " +
            "Install them with scripts/setup.sh (Debian: postgresql-15), set MCPDB_PG_BIN to their folder, " +
            "or point the server at a database with DATABASE_URL / --connection.");
    }

    private static IEnumerable<string> Candidates()
    {
        const string debianRoot = "/usr/lib/postgresql";
        yield return Path.Combine(debianRoot, PreferredMajor, "bin");
        if (Directory.Exists(debianRoot))
        {
            foreach (var dir in Directory.GetDirectories(debianRoot).OrderByDescending(d => d, StringComparer.Ordinal))
            {
                yield return Path.Combine(dir, "bin");
            }
        }

        yield return "/opt/homebrew/opt/postgresql@15/bin";
        yield return "/usr/local/opt/postgresql@15/bin";
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return dir;
        }
    }

    private static bool HasServer(string dir) =>
        File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));
}
