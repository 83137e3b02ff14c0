using System.Runtime.CompilerServices;
using System.Text;
using McpDbEngineer.Database;
using McpDbEngineer.Sql;
using Microsoft.Extensions.Options;
using Npgsql;

namespace McpDbEngineer.OwnSchema;

/// <summary>
/// Brings the server's own schema up to date with a <see cref="MigrationSet"/>, or back to an earlier version of it.
/// Each run is one transaction of the <see cref="DatabaseExecutor"/> (its statement and lock time limits, its error
/// messages) under an advisory lock keyed by the schema, so servers starting at once apply each version once.
/// What is applied is recorded in <c>schema_migrations</c>, keyed by (set, version). A database where the schema cannot
/// be created or changed (no CREATE privilege, read-only role, standby) fails with a <see cref="ToolException"/> that
/// says which step failed; nothing of the run is left behind.
/// </summary>
public sealed class OwnSchemaMigrator(DatabaseExecutor executor, IOptions<DatabaseOptions> options)
{
    public const string TableName = "schema_migrations";

    /// <summary>Each script is one statement batch and waits no longer than a statement may run.</summary>
    private readonly int _timeoutSeconds = options.Value.CommandTimeoutSeconds;

    /// <summary>Applies the migrations of <paramref name="set"/> not yet applied, in version order; returns them (none when up to date).</summary>
    public Task<IReadOnlyList<Migration>> UpAsync(MigrationSet set, CancellationToken cancellationToken) =>
        RunAsync(set, "up to date", async (connection, step, ct) =>
        {
            var applied = await AppliedVersionsAsync(connection, set, ct);
            var pending = set.Migrations.Where(m => !applied.Contains(m.Version)).ToList();
            if (pending.Count == 0)
            {
                // Up to date: no DDL at all, so a role that may only write rows works once an owner has migrated.
                return pending;
            }

            step.Value = "creating the schema and its migrations table";
            await EnsureMigrationsTableAsync(connection, set.Schema, ct);
            foreach (var migration in pending)
            {
                step.Value = $"applying {Describe(migration)}";
                await SqlScript.ExecuteAsync(connection, migration.Up, ct, _timeoutSeconds);
                await RecordAsync(connection, set, migration, applied: true, ct);
            }

            return pending;
        }, cancellationToken);

    /// <summary>
    /// Undoes the applied migrations of <paramref name="set"/> above <paramref name="version"/> (0: all of them), newest
    /// first; returns them. The schema and its migrations table stay: other sets may live there.
    /// </summary>
    public Task<IReadOnlyList<Migration>> DownAsync(MigrationSet set, int version, CancellationToken cancellationToken) =>
        RunAsync(set, $"back to version {version}", async (connection, step, ct) =>
        {
            var applied = await AppliedVersionsAsync(connection, set, ct);
            var undone = new List<Migration>();
            foreach (var number in applied.Where(v => v > version).OrderDescending())
            {
                var migration = set.Migrations.FirstOrDefault(m => m.Version == number)
                    ?? throw new ToolException(
                        $"Version {number} of the migration set '{set.Name}' in {set.Schema} was applied by a newer server, which knows how to undo it; this one does not. Roll back with that version.");
                step.Value = $"undoing {Describe(migration)}";
                await SqlScript.ExecuteAsync(connection, migration.Down, ct, _timeoutSeconds);
                await RecordAsync(connection, set, migration, applied: false, ct);
                undone.Add(migration);
            }

            return undone;
        }, cancellationToken);

    private async Task<IReadOnlyList<Migration>> RunAsync(
        MigrationSet set,
        string goal,
        Func<NpgsqlConnection, StrongBox<string>, CancellationToken, Task<IReadOnlyList<Migration>>> work,
        CancellationToken cancellationToken)
    {
        var step = new StrongBox<string>("taking the migration lock");
        try
        {
            return await executor.ReadWriteAsync(
                async (connection, ct) =>
                {
                    await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection))
                    {
                        command.Parameters.Add(new() { Value = LockKey(set.Schema) });
                        await command.ExecuteNonQueryAsync(ct);
                    }

                    step.Value = "reading the applied versions";
                    return await work(connection, step, ct);
                },
                commit: true,
                cancellationToken);
        }
        catch (ToolException e)
        {
            throw new ToolException($"Cannot bring the schema {set.Schema} {goal} (migration set '{set.Name}', {step.Value}): {e.Message}", e);
        }
    }

    /// <summary>The versions of the set already applied; none when the migrations table does not exist yet.</summary>
    private static async Task<HashSet<int>> AppliedVersionsAsync(NpgsqlConnection connection, MigrationSet set, CancellationToken cancellationToken)
    {
        var table = Table(set.Schema);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection))
        {
            exists.Parameters.Add(new() { Value = table });
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return [];
            }
        }

        await using var command = new NpgsqlCommand($"SELECT version FROM {table} WHERE migration_set = $1", connection);
        command.Parameters.Add(new() { Value = set.Name });
        var versions = new HashSet<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    /// <summary>
    /// The schema only when it is missing: CREATE SCHEMA IF NOT EXISTS checks the database privilege before it looks,
    /// and would fail for a role that owns the schema but may not create schemas.
    /// </summary>
    private async Task EnsureMigrationsTableAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand("SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = $1)", connection))
        {
            exists.Parameters.Add(new() { Value = schema });
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                await using var create = new NpgsqlCommand($"CREATE SCHEMA {Identifiers.Quoted(schema)}", connection) { CommandTimeout = _timeoutSeconds };
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await using var command = new NpgsqlCommand(
            $"""
            CREATE TABLE IF NOT EXISTS {Table(schema)} (
                migration_set text NOT NULL,
                version       int NOT NULL,
                name          text NOT NULL,
                applied_at    timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (migration_set, version)
            )
            """,
            connection) { CommandTimeout = _timeoutSeconds };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task RecordAsync(NpgsqlConnection connection, MigrationSet set, Migration migration, bool applied, CancellationToken cancellationToken)
    {
        var sql = applied
            ? $"INSERT INTO {Table(set.Schema)} (migration_set, version, name) VALUES ($1, $2, $3)"
            : $"DELETE FROM {Table(set.Schema)} WHERE migration_set = $1 AND version = $2";
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = _timeoutSeconds };
        command.Parameters.Add(new() { Value = set.Name });
        command.Parameters.Add(new() { Value = migration.Version });
        if (applied)
        {
            command.Parameters.Add(new() { Value = migration.Name });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Table(string schema) => $"{Identifiers.Quoted(schema)}.{TableName}";

    private static string Describe(Migration migration) => $"{migration.Version:D4}_{migration.Name}";

    /// <summary>
    /// The advisory lock of one schema: FNV-1a over its name, so every server (and every version of it) takes the same
    /// key; hashtext() is not promised to stay the same across PostgreSQL releases.
    /// </summary>
    internal static long LockKey(string schema)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes("mcp-db-engineer own schema " + schema))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }
}
