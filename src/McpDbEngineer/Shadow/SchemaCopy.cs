using System.Globalization;
using McpDbEngineer.Sandbox;
using Npgsql;

namespace McpDbEngineer.Shadow;

/// <summary>
/// The target's schema into a shadow: pg_dump --schema-only (it reads in one REPEATABLE READ, READ ONLY transaction
/// and gives up on a lock it cannot get at once rather than queue behind a migration on the target), then pg_restore
/// as the shadow server's administrator in one transaction, without event triggers. Owners and grants are left out:
/// roles belong to clusters, and the shadow's own owner takes everything over.
/// </summary>
public static class SchemaCopy
{
    public static async Task CopyAsync(
        NpgsqlConnectionStringBuilder target, NpgsqlConnectionStringBuilder shadow, int lockTimeoutSeconds, CancellationToken cancellationToken)
    {
        var bin = ClientPrograms();
        var dump = Path.Combine(Path.GetTempPath(), $"mcpdb-shadow-{Guid.NewGuid():N}.dump");
        var contents = dump + ".list";
        try
        {
            var dumped = await ProgramRunner.RunAsync(
                Path.Combine(bin, "pg_dump"),
                ["--schema-only", "--no-owner", "--no-privileges", "--no-publications", "--no-subscriptions", "--no-security-labels",
                 "--exclude-schema=mcp_db_engineer", "--format=custom", $"--file={dump}",
                 $"--lock-wait-timeout={lockTimeoutSeconds.ToString(CultureInfo.InvariantCulture)}s"],
                Path.GetTempPath(), cancellationToken, Libpq(target));
            if (dumped.ExitCode != 0)
            {
                throw new ToolException($"pg_dump --schema-only of the target failed (exit {dumped.ExitCode}): {dumped.Output}");
            }

            // Event triggers stay behind: restored, they would fire on the next DDL — the hand-over's, run by the shadow
            // server's administrator — and run the target's code with a superuser's rights.
            var listed = await ProgramRunner.RunAsync(
                Path.Combine(bin, "pg_restore"), ["--list", $"--file={contents}", dump], Path.GetTempPath(), cancellationToken);
            if (listed.ExitCode != 0)
            {
                throw new ToolException($"pg_restore --list of the target's schema failed (exit {listed.ExitCode}): {listed.Output}");
            }

            await File.WriteAllLinesAsync(
                contents, (await File.ReadAllLinesAsync(contents, cancellationToken)).Where(line => !line.Contains(" EVENT TRIGGER ", StringComparison.Ordinal)), cancellationToken);
            var restored = await ProgramRunner.RunAsync(
                Path.Combine(bin, "pg_restore"),
                ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", $"--use-list={contents}", $"--dbname={shadow.Database}", dump],
                Path.GetTempPath(), cancellationToken, Libpq(shadow));
            if (restored.ExitCode != 0)
            {
                throw new ToolException(
                    $"Restoring the target's schema into the shadow failed (exit {restored.ExitCode}): {restored.Output}. " +
                    "The shadow server needs the extensions the target uses installed, and a PostgreSQL version at least the target's.");
            }
        }
        finally
        {
            File.Delete(dump);
            File.Delete(contents);
        }
    }

    private static string ClientPrograms()
    {
        try
        {
            return PostgresBinaries.FindBinDirectory();
        }
        catch (ToolException e)
        {
            throw new ToolException($"A shadow copies the schema with pg_dump and pg_restore, which were not found: {e.Message}", e);
        }
    }

    /// <summary>libpq's environment for a login (the password stays out of the process list).</summary>
    private static Dictionary<string, string> Libpq(NpgsqlConnectionStringBuilder connection)
    {
        var environment = new Dictionary<string, string>
        {
            ["PGHOST"] = connection.Host ?? "localhost",
            ["PGPORT"] = connection.Port.ToString(CultureInfo.InvariantCulture),
            ["PGUSER"] = connection.Username ?? Environment.UserName,
            ["PGDATABASE"] = connection.Database ?? connection.Username ?? Environment.UserName,
            ["PGPASSWORD"] = connection.Password ?? "",
            ["PGAPPNAME"] = "mcp-db-engineer shadow copy",
            ["PGCONNECT_TIMEOUT"] = Math.Max(2, connection.Timeout).ToString(CultureInfo.InvariantCulture),
            ["PGSSLMODE"] = connection.SslMode switch
            {
                SslMode.Disable => "disable",
                SslMode.Allow => "allow",
                SslMode.Require => "require",
                SslMode.VerifyCA => "verify-ca",
                SslMode.VerifyFull => "verify-full",
                _ => "prefer",
            },
        };
        if (connection.Password is null)
        {
            environment.Remove("PGPASSWORD");
        }

        return environment;
    }
}
