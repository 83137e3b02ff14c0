using System.Text.Json;
using McpDbEngineer.Database;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace McpDbEngineer.Safety;

/// <summary>
/// The audit trail: every statement the server is asked to run, allowed or not. An append-only table in the
/// server's own schema (mcp_db_engineer.audit_log) when writing is allowed, else a JSON-lines file.
/// An entry the table cannot take goes to the file: nothing is lost.
/// </summary>
public sealed class AuditLog(DatabaseTarget target, IOptions<SafetyOptions> options, ILogger<AuditLog> logger)
{
    private readonly SafetyOptions _options = options.Value;
    private readonly SemaphoreSlim _fileGate = new(1, 1);
    private Task<bool>? _tableReady;

    public string FilePath => string.IsNullOrWhiteSpace(_options.AuditFile) ? DefaultFilePath() : _options.AuditFile;

    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var useTable = _options.Audit == AuditTarget.Table || (_options.Audit == AuditTarget.Auto && _options.IsReadWrite);
        if (useTable && await TryInsertAsync(entry, cancellationToken))
        {
            return;
        }

        await AppendToFileAsync(entry, cancellationToken);
    }

    private async Task<bool> TryInsertAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            var dataSource = await target.GetAsync(cancellationToken);
            if (!await (_tableReady ??= EnsureTableAsync(dataSource)))
            {
                return false;
            }

            await using var command = dataSource.CreateCommand(
                "INSERT INTO mcp_db_engineer.audit_log (at, tool, client, statement, classification, decision, duration_ms, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
            command.Parameters.Add(new() { Value = entry.At });
            command.Parameters.Add(new() { Value = entry.Tool });
            command.Parameters.Add(new() { Value = (object?)entry.Client ?? DBNull.Value });
            command.Parameters.Add(new() { Value = entry.Statement });
            command.Parameters.Add(new() { Value = entry.Classification });
            command.Parameters.Add(new() { Value = entry.Decision });
            command.Parameters.Add(new() { Value = (object?)entry.DurationMs ?? DBNull.Value });
            command.Parameters.Add(new() { Value = entry.Outcome });
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or ToolException)
        {
            logger.LogWarning("Audit table unavailable ({Message}); writing the audit entry to {File}", e.Message, FilePath);
            return false;
        }
    }

    private async Task<bool> EnsureTableAsync(NpgsqlDataSource dataSource)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await SqlScript.ExecuteAsync(connection, AuditTableSql, CancellationToken.None);
            return true;
        }
        catch (NpgsqlException e)
        {
            logger.LogWarning("Cannot create mcp_db_engineer.audit_log ({Message}); auditing to {File}", e.Message, FilePath);
            return false;
        }
    }

    private async Task AppendToFileAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var path = FilePath;
        using var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("at", entry.At);
            json.WriteString("tool", entry.Tool);
            if (entry.Client is not null)
            {
                json.WriteString("client", entry.Client);
            }

            json.WriteString("statement", entry.Statement);
            json.WriteString("classification", entry.Classification);
            json.WriteString("decision", entry.Decision);
            if (entry.DurationMs is { } ms)
            {
                json.WriteNumber("duration_ms", Math.Round(ms, 3));
            }

            json.WriteString("outcome", entry.Outcome);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        await _fileGate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            await file.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
        }
        finally
        {
            _fileGate.Release();
        }
    }

    private static string DefaultFilePath() => StateFolder.Combine("audit.jsonl");

    // Append-only: rows can be added, never changed or removed (short of dropping the trigger as owner, which is itself audited by PostgreSQL's own logs).
    private const string AuditTableSql = """
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
