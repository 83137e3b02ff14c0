using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using McpDbEngineer.Database;
using McpDbEngineer.Sandbox;
using McpDbEngineer.Sql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace McpDbEngineer.Shadow;

/// <summary>
/// Makes shadow databases: the target's schema (and, when asked, a sample of its rows) copied into a scratch database
/// on the shadow server — a server given by <see cref="ShadowOptions.Url"/>, else a private cluster of its own, never
/// the cluster of the target sandbox. The target is only read: pg_dump --schema-only in its read-only snapshot, rows
/// through <see cref="DatabaseExecutor.ReadOnlyAsync{T}"/>. Shadows kept for the session are dropped when it ends.
/// </summary>
public sealed class ShadowDatabases(
    DatabaseTarget target,
    DatabaseExecutor executor,
    IOptions<ShadowOptions> options,
    IOptions<DatabaseOptions> database,
    ILogger<ShadowDatabases> logger) : IAsyncDisposable
{
    private const string NamePrefix = "mcpdb_shadow_";

    private readonly ShadowOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, ShadowDatabase> _kept = new(StringComparer.Ordinal);

    /// <param name="sampleRows">Rows to copy per table (the first ones the target returns); 0 copies the schema only.</param>
    /// <param name="sampled">The only tables whose rows to copy (schema and name as in the catalog); null for every table.</param>
    public async Task<ShadowDatabase> CreateAsync(
        int sampleRows, IProgress<string>? progress, CancellationToken cancellationToken, IReadOnlyCollection<(string Schema, string Name)>? sampled = null)
    {
        var started = Stopwatch.StartNew();
        var (admin, server) = await AdminAsync(cancellationToken);
        var name = NamePrefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(5)).ToLowerInvariant();
        progress?.Report($"creating shadow database {name} on {server}");
        var shadow = await CreateDatabaseAsync(admin, name, server, cancellationToken);
        try
        {
            progress?.Report("copying the target's schema (pg_dump --schema-only)");
            var onShadow = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = name, Pooling = false };
            await SchemaCopy.CopyAsync(await TargetConnectionAsync(cancellationToken), onShadow, database.Value.LockTimeoutSeconds, cancellationToken);
            if (shadow.Connection.Username != admin.Username)
            {
                await HandOverAsync(onShadow, shadow.Connection.Username!, cancellationToken);
            }

            long rows = 0;
            if (sampleRows > 0)
            {
                progress?.Report($"copying up to {sampleRows} rows per table");
                if (shadow.Connection.Username != admin.Username)
                {
                    await AllowReplicaModeAsync(admin, shadow.Connection.Username!, cancellationToken);
                }

                rows = await RowSample.CopyAsync(executor, shadow.Connection, sampleRows, sampled, cancellationToken);
            }

            return shadow with { SampledRows = rows, CopyTime = started.Elapsed };
        }
        catch
        {
            await DropAsync(shadow);
            throw;
        }
    }

    /// <summary>Keeps a shadow for later calls of this session (dropped when the session ends).</summary>
    public void Keep(ShadowDatabase shadow) => _kept[shadow.Name] = shadow;

    /// <summary>A shadow kept earlier in this session, or an error naming the ones there are.</summary>
    public ShadowDatabase Kept(string name) =>
        _kept.TryGetValue(name, out var shadow)
            ? shadow
            : throw new ToolException(_kept.IsEmpty
                ? $"No shadow named {name} is kept in this session. Leave the shadow out to make a new one (and keep_shadow: true to keep it)."
                : $"No shadow named {name} is kept in this session; kept: {string.Join(", ", _kept.Keys)}.");

    /// <summary>Drops a shadow and its owner role; never throws (a failure is logged: the name says what to drop).</summary>
    public async Task DropAsync(ShadowDatabase shadow)
    {
        _kept.TryRemove(shadow.Name, out _);
        try
        {
            var (admin, _) = await AdminAsync(CancellationToken.None);
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            await connection.ExecuteAsync($"DROP DATABASE IF EXISTS {Identifiers.Quoted(shadow.Name)} WITH (FORCE)");
            if (shadow.Connection.Username == shadow.Name)
            {
                await using var exists = new NpgsqlCommand("SELECT to_regrole($1) IS NOT NULL", connection) { Parameters = { new() { Value = shadow.Name } } };
                if (await exists.ExecuteScalarAsync() is true)
                {
                    // DROP OWNED takes back what the role holds outside the dropped database: SET on a parameter.
                    await ChangeParameterGrantAsync(connection, $"DROP OWNED BY {Identifiers.Quoted(shadow.Name)}", CancellationToken.None);
                    await connection.ExecuteAsync($"DROP ROLE {Identifiers.Quoted(shadow.Name)}");
                }
            }
        }
        catch (Exception e) when (e is NpgsqlException or ToolException or IOException)
        {
            logger.LogWarning("Could not drop shadow database {Name} on {Server}: {Message}", shadow.Name, shadow.Server, e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var shadow in _kept.Values.ToList())
        {
            await DropAsync(shadow);
        }
    }

    /// <summary>
    /// The database and the login migrations run as. An administrator that is a superuser gets a role of the
    /// shadow's own, without superuser rights, owning the database; an administrator that is not one is that
    /// role already. Nobody else may connect.
    /// </summary>
    private static async Task<ShadowDatabase> CreateDatabaseAsync(NpgsqlConnectionStringBuilder admin, string name, string server, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var superuser = new NpgsqlCommand("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", connection);
        var own = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = name, Pooling = false };
        if (await superuser.ExecuteScalarAsync(cancellationToken) is true)
        {
            own.Username = name;
            own.Password = Convert.ToHexString(RandomNumberGenerator.GetBytes(18)).ToLowerInvariant();
            await connection.ExecuteAsync($"CREATE ROLE {Identifiers.Quoted(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '{own.Password}'");
        }

        try
        {
            await connection.ExecuteAsync($"CREATE DATABASE {Identifiers.Quoted(name)} OWNER {Identifiers.Quoted(own.Username!)}");
            await connection.ExecuteAsync($"REVOKE ALL ON DATABASE {Identifiers.Quoted(name)} FROM PUBLIC");
        }
        catch (PostgresException e)
        {
            if (own.Username == name)
            {
                await connection.ExecuteAsync($"DROP ROLE IF EXISTS {Identifiers.Quoted(name)}");
            }

            throw new ToolException(
                $"Could not create a shadow database on {server}: {e.MessageText}. The shadow server's login needs CREATEDB " +
                "(give another with --shadow-url, or leave it out for the embedded shadow cluster).", e);
        }

        return new ShadowDatabase(name, server, own, 0, TimeSpan.Zero);
    }

    /// <summary>
    /// Lets the shadow's owner copy sampled rows with triggers and foreign-key checks off (session_replication_role is
    /// a superuser's setting). The rows are written as that owner, never as the administrator: writing them evaluates
    /// the copied schema's CHECKs, index expressions and ALWAYS triggers — code from the target, which must not run with
    /// a superuser's rights on the machine the shadow server runs on.
    /// </summary>
    private static async Task AllowReplicaModeAsync(NpgsqlConnectionStringBuilder admin, string owner, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        if (connection.PostgreSqlVersion.Major < 15)
        {
            throw new ToolException(
                "Sampling rows into a shadow needs PostgreSQL 15 or later on the shadow server (GRANT SET ON PARAMETER), so " +
                "that the rows are written without a superuser's rights. Leave the rows out (sample_rows: 0), or give a newer --shadow-url.");
        }

        await ChangeParameterGrantAsync(connection, $"GRANT SET ON PARAMETER session_replication_role TO {Identifiers.Quoted(owner)}", cancellationToken);
    }

    /// <summary>
    /// Grants on one parameter are one catalog row: two sessions changing it at once fail ("tuple concurrently updated"),
    /// so shadows made or dropped at the same time take turns. Advisory locks belong to a database: every change is made
    /// from the administrator's own database, never from a shadow's.
    /// </summary>
    private static async Task ChangeParameterGrantAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('mcp-db-engineer shadow: SET on session_replication_role'))");
        await connection.ExecuteAsync(sql);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Gives what the administrator restored to the shadow's owner (see Sql/hand_over.sql).</summary>
    private static async Task HandOverAsync(NpgsqlConnectionStringBuilder onShadow, string owner, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(onShadow.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var statements = new List<string>();
        await using (var command = new NpgsqlCommand(EmbeddedFiles.Get("Shadow/Sql/hand_over.sql"), connection) { Parameters = { new() { Value = owner } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                statements.Add(reader.GetString(0));
            }
        }

        if (statements.Count == 0)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection);
        foreach (var statement in statements)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statement));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The target's login, password included, for pg_dump (it connects like the server does).</summary>
    private async Task<NpgsqlConnectionStringBuilder> TargetConnectionAsync(CancellationToken cancellationToken) =>
        new((await target.GetAsync(cancellationToken)).ConnectionString);

    /// <summary>The shadow server's administrator login and how to name the server in answers.</summary>
    private async Task<(NpgsqlConnectionStringBuilder Admin, string Server)> AdminAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(_options.Url))
        {
            var admin = ConnectionStrings.Parse(_options.Url);
            admin.Pooling = false;
            admin.Timeout = database.Value.ConnectTimeoutSeconds;
            await ProbeAsync(admin, $"The shadow server {ConnectionStrings.Describe(admin)} (--shadow-url)", cancellationToken);
            return (admin, ConnectionStrings.Describe(admin));
        }

        var root = string.IsNullOrWhiteSpace(_options.Directory) ? DefaultDirectory(database.Value) : _options.Directory;
        try
        {
            var endpoint = await new LocalCluster(root).EnsureRunningAsync(new Dictionary<string, string>(), cancellationToken);
            var admin = SandboxDatabase.Connection(endpoint, "postgres");
            admin.Pooling = false;
            return (admin, $"the embedded shadow cluster ({root})");
        }
        catch (Exception e) when (e is ToolException or IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            throw new ToolException(
                $"No shadow database is available: the embedded shadow cluster in {root} could not start ({e.Message}). " +
                "Configure one: --shadow-url postgres://user:password@scratch-host:5432/postgres (MCPDB_SHADOW__URL; a scratch server " +
                "whose login may CREATE DATABASE, never the production server), or install PostgreSQL's server programs for the " +
                "embedded cluster (scripts/setup.sh, or MCPDB_PG_BIN=/usr/lib/postgresql/15/bin) and a writable --shadow-dir.", e);
        }
    }

    /// <summary>The embedded shadow cluster lives beside the embedded sandbox, as a cluster of its own.</summary>
    private static string DefaultDirectory(DatabaseOptions database)
    {
        var sandbox = string.IsNullOrWhiteSpace(database.SandboxDirectory) ? SandboxDatabase.DefaultRoot() : database.SandboxDirectory;
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(sandbox).TrimEnd(Path.DirectorySeparatorChar)) ?? sandbox, "shadow");
    }

    private static async Task ProbeAsync(NpgsqlConnectionStringBuilder admin, string what, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new ToolException(
                $"{what} is not reachable: {e.InnerException?.Message ?? e.Message}. Check --shadow-url (Shadow:Url), or leave it out to use the embedded shadow cluster.", e);
        }
    }

}
