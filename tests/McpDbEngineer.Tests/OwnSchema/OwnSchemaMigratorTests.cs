using McpDbEngineer.OwnSchema;
using McpDbEngineer.Safety;
using McpDbEngineer.Safety.Audit;
using McpDbEngineer.Tests.Infrastructure;
using Npgsql;

namespace McpDbEngineer.Tests.OwnSchema;

/// <summary>The server's own schema, migrated on a database of each test's own (the schema is per database).</summary>
public sealed class OwnSchemaMigratorTests
{
    /// <summary>A second set in the same schema, as decision memory will add: two versions, the first slow to apply.</summary>
    private static readonly MigrationSet Notes = new("notes",
    [
        new(1, "notes", "SELECT pg_sleep(0.5); CREATE TABLE mcp_db_engineer.notes (id int PRIMARY KEY)", "DROP TABLE mcp_db_engineer.notes"),
        new(2, "notes_text", "ALTER TABLE mcp_db_engineer.notes ADD COLUMN text text", "ALTER TABLE mcp_db_engineer.notes DROP COLUMN text"),
    ]);

    [Fact]
    public async Task FreshDatabase_GetsTheAuditTableAndItsVersionRow()
    {
        var database = await OwnDatabase.CreateAsync();
        await using var server = new ServerServices(database.ConnectionString);

        var applied = await server.Get<OwnSchemaMigrator>().UpAsync(AuditLog.Migrations, CancellationToken.None);

        Assert.Equal([1], applied.Select(m => m.Version));
        Assert.Equal(["audit 1 audit_log"], await database.VersionsAsync());
        Assert.Contains("table audit_log", await database.DescribeSchemaAsync());
        Assert.Contains("trigger audit_log_append_only on audit_log", await database.DescribeSchemaAsync());
    }

    [Fact]
    public async Task SecondRun_AppliesNothingAndKeepsTheRecord()
    {
        var database = await OwnDatabase.CreateAsync();
        await using var server = new ServerServices(database.ConnectionString);
        var migrator = server.Get<OwnSchemaMigrator>();
        await migrator.UpAsync(AuditLog.Migrations, CancellationToken.None);
        var appliedAt = await database.ScalarAsync("SELECT applied_at FROM mcp_db_engineer.schema_migrations");
        await database.ExecuteAsync("INSERT INTO mcp_db_engineer.audit_log (at, tool, statement, classification, decision, outcome) VALUES (now(), 't', 's', 'c', 'd', 'o')");

        var second = await migrator.UpAsync(AuditLog.Migrations, CancellationToken.None);

        Assert.Empty(second);
        Assert.Equal(appliedAt, await database.ScalarAsync("SELECT applied_at FROM mcp_db_engineer.schema_migrations"));
        Assert.Equal(1L, await database.ScalarAsync("SELECT count(*) FROM mcp_db_engineer.audit_log"));
    }

    [Fact]
    public async Task TwoServersStartingAtOnce_BothSucceedAndEachVersionIsAppliedOnce()
    {
        var database = await OwnDatabase.CreateAsync();
        await using var first = new ServerServices(database.ConnectionString);
        await using var second = new ServerServices(database.ConnectionString);

        var runs = await Task.WhenAll(
            first.Get<OwnSchemaMigrator>().UpAsync(Notes, CancellationToken.None),
            second.Get<OwnSchemaMigrator>().UpAsync(Notes, CancellationToken.None));

        Assert.Equal([1, 2], runs.SelectMany(r => r).Select(m => m.Version).Order());
        Assert.Equal(["notes 1 notes", "notes 2 notes_text"], await database.VersionsAsync());
    }

    [Fact]
    public async Task AuditTableFromBeforeMigrations_IsAdoptedWithItsRows()
    {
        var database = await OwnDatabase.CreateAsync();
        await database.ExecuteAsync(OldAuditScript);
        await database.ExecuteAsync("INSERT INTO mcp_db_engineer.audit_log (at, tool, statement, classification, decision, outcome) VALUES (now(), 't', 'old', 'c', 'd', 'o')");
        var before = await database.DescribeSchemaAsync();
        await using var server = new ServerServices(database.ConnectionString);

        await server.Get<OwnSchemaMigrator>().UpAsync(AuditLog.Migrations, CancellationToken.None);

        Assert.Equal(["audit 1 audit_log"], await database.VersionsAsync());
        Assert.Equal(1L, await database.ScalarAsync("SELECT count(*) FROM mcp_db_engineer.audit_log WHERE statement = 'old'"));
        Assert.Equal(before, (await database.DescribeSchemaAsync()).Where(l => !l.Contains("schema_migrations")));
        var tampering = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync("DELETE FROM mcp_db_engineer.audit_log"));
        Assert.Contains("append-only", tampering.MessageText);
    }

    [Fact]
    public async Task DownRemovesTheSetsTablesAndUpRestoresThemAsTheyWere()
    {
        var database = await OwnDatabase.CreateAsync();
        await using var server = new ServerServices(database.ConnectionString);
        var migrator = server.Get<OwnSchemaMigrator>();
        await migrator.UpAsync(AuditLog.Migrations, CancellationToken.None);
        await migrator.UpAsync(Notes, CancellationToken.None);
        var migrated = await database.DescribeSchemaAsync();

        var undone = await migrator.DownAsync(AuditLog.Migrations, 0, CancellationToken.None);
        var afterDown = await database.DescribeSchemaAsync();
        var versionsAfterDown = await database.VersionsAsync();
        await migrator.UpAsync(AuditLog.Migrations, CancellationToken.None);

        Assert.Equal([1], undone.Select(m => m.Version));
        Assert.DoesNotContain(afterDown, l => l.Contains("audit_log"));
        Assert.Contains("table notes", afterDown);
        Assert.Equal(["notes 1 notes", "notes 2 notes_text"], versionsAfterDown);
        Assert.Equal(migrated, await database.DescribeSchemaAsync());
        Assert.Equal(["audit 1 audit_log", "notes 1 notes", "notes 2 notes_text"], await database.VersionsAsync());
    }

    [Fact]
    public async Task DownToAVersion_UndoesOnlyTheLaterOnes()
    {
        var database = await OwnDatabase.CreateAsync();
        await using var server = new ServerServices(database.ConnectionString);
        var migrator = server.Get<OwnSchemaMigrator>();
        await migrator.UpAsync(Notes, CancellationToken.None);

        var undone = await migrator.DownAsync(Notes, 1, CancellationToken.None);

        Assert.Equal([2], undone.Select(m => m.Version));
        Assert.Equal(["notes 1 notes"], await database.VersionsAsync());
        Assert.Contains("column notes.id integer notnull=t", await database.DescribeSchemaAsync());
        Assert.DoesNotContain("column notes.text text notnull=f", await database.DescribeSchemaAsync());
    }

    /// <summary>What servers before migrations ran on their first audit (Safety/Sql/audit_log.sql, November 2026).</summary>
    private const string OldAuditScript = """
        CREATE SCHEMA IF NOT EXISTS mcp_db_engineer;
        CREATE TABLE IF NOT EXISTS mcp_db_engineer.audit_log (
            id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at             timestamptz NOT NULL,
            tool           text NOT NULL,
            client         text,
            statement      text NOT NULL,
            classification text NOT NULL,
            decision       text NOT NULL,
            duration_ms    double precision,
            outcome        text NOT NULL
        );
        CREATE OR REPLACE FUNCTION mcp_db_engineer.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'mcp_db_engineer.audit_log is append-only';
        END $$;
        DROP TRIGGER IF EXISTS audit_log_append_only ON mcp_db_engineer.audit_log;
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON mcp_db_engineer.audit_log
            FOR EACH STATEMENT EXECUTE FUNCTION mcp_db_engineer.audit_log_append_only();
        """;
}

/// <summary>
/// A role that may connect and use the tables but not create a schema: the migrator fails with a message saying so,
/// and the audit falls back to its file; once an owner has migrated, the same role audits into the table.
/// </summary>
[Collection(ClusterRoles.Name)]
public sealed class OwnSchemaPrivilegeTests
{
    [Fact]
    public async Task RoleThatCannotCreateTheSchema_FailsCleanlyAndTheAuditGoesToItsFile()
    {
        var database = await OwnDatabase.CreateAsync();
        var role = await database.CreateLoginAsync();
        var auditFile = Path.Combine(Path.GetTempPath(), $"ownschema-{Guid.NewGuid():N}.jsonl");
        await using var server = new ServerServices(role.ConnectionString, AuditToTable(auditFile));
        try
        {
            var failure = await Assert.ThrowsAsync<ToolException>(() => server.Get<OwnSchemaMigrator>().UpAsync(AuditLog.Migrations, CancellationToken.None));
            await server.Get<AuditLog>().RecordAsync(Entry("SELECT 1"), CancellationToken.None);

            Assert.Contains("Cannot bring the schema mcp_db_engineer up to date (migration set 'audit', creating the schema", failure.Message);
            Assert.Contains("permission denied", failure.Message);
            Assert.Equal(true, await database.ScalarAsync("SELECT to_regnamespace('mcp_db_engineer') IS NULL"));
            Assert.Contains("\"statement\":\"SELECT 1\"", await File.ReadAllTextAsync(auditFile));
        }
        finally
        {
            File.Delete(auditFile);
        }
    }

    [Fact]
    public async Task RoleThatMayOnlyWriteRows_AuditsIntoATableAnOwnerMigrated()
    {
        var database = await OwnDatabase.CreateAsync();
        var role = await database.CreateLoginAsync();
        await using (var owner = new ServerServices(database.ConnectionString))
        {
            await owner.Get<OwnSchemaMigrator>().UpAsync(AuditLog.Migrations, CancellationToken.None);
        }

        await database.ExecuteAsync($"""
            GRANT USAGE ON SCHEMA mcp_db_engineer TO {role.Name};
            GRANT SELECT ON mcp_db_engineer.schema_migrations TO {role.Name};
            GRANT INSERT ON mcp_db_engineer.audit_log TO {role.Name};
            """);
        var auditFile = Path.Combine(Path.GetTempPath(), $"ownschema-{Guid.NewGuid():N}.jsonl");
        await using var server = new ServerServices(role.ConnectionString, AuditToTable(auditFile));

        await server.Get<AuditLog>().RecordAsync(Entry("SELECT 2"), CancellationToken.None);

        Assert.Equal(1L, await database.ScalarAsync("SELECT count(*) FROM mcp_db_engineer.audit_log WHERE statement = 'SELECT 2'"));
        Assert.False(File.Exists(auditFile));
    }

    private static Dictionary<string, string?> AuditToTable(string auditFile) => new()
    {
        ["Safety:Access"] = "read-write",
        ["Safety:Audit"] = "Table",
        ["Safety:AuditFile"] = auditFile,
    };

    private static AuditEntry Entry(string statement) =>
        new(DateTimeOffset.UtcNow, "execute_sql", null, statement, "read", "allowed", 1.5, "ok");
}

/// <summary>A fresh copy of the sample database, read over a direct connection as its owner.</summary>
internal sealed class OwnDatabase(NpgsqlConnectionStringBuilder connection)
{
    public string ConnectionString => connection.ConnectionString;

    public static async Task<OwnDatabase> CreateAsync() => new(await TestCluster.CreateSampleDatabaseAsync("ownschema"));

    /// <summary>Applied versions as "set version name", in order.</summary>
    public async Task<List<string>> VersionsAsync() =>
        await LinesAsync("SELECT format('%s %s %s', migration_set, version, name) FROM mcp_db_engineer.schema_migrations ORDER BY migration_set, version");

    /// <summary>The tables, columns, triggers and functions of mcp_db_engineer, one line each, in order.</summary>
    public Task<List<string>> DescribeSchemaAsync() => LinesAsync("""
        SELECT line FROM (
            SELECT format('table %s', c.relname) FROM pg_class c WHERE c.relnamespace = 'mcp_db_engineer'::regnamespace AND c.relkind = 'r'
            UNION ALL
            SELECT format('column %s.%s %s notnull=%s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull)
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE c.relnamespace = 'mcp_db_engineer'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
            UNION ALL
            SELECT format('trigger %s on %s', t.tgname, c.relname)
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = 'mcp_db_engineer'::regnamespace
            UNION ALL
            SELECT format('function %s', p.oid::regprocedure) FROM pg_proc p WHERE p.pronamespace = 'mcp_db_engineer'::regnamespace
        ) lines(line) ORDER BY line
        """);

    /// <summary>A login of its own that may connect but not create schemas (PostgreSQL's defaults for a new role).</summary>
    public async Task<(string Name, string ConnectionString)> CreateLoginAsync()
    {
        var name = $"own_{Guid.NewGuid():N}"[..20];
        var password = Guid.NewGuid().ToString("N");
        await ExecuteAsync($"CREATE ROLE {name} LOGIN PASSWORD '{password}'");
        return (name, new NpgsqlConnectionStringBuilder(ConnectionString) { Username = name, Password = password }.ConnectionString);
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var open = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, open);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var open = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, open);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<string>> LinesAsync(string sql)
    {
        await using var open = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, open);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var open = new NpgsqlConnection(connection.ConnectionString);
        await open.OpenAsync();
        return open;
    }
}
