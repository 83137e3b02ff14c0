using System.Text.Json;
using McpDbEngineer.Database;
using McpDbEngineer.OwnSchema;
using McpDbEngineer.Sql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace McpDbEngineer.Safety.Audit;

/// <summary>
/// The audit trail: every statement the server is asked to run, allowed or not. An append-only table in the
/// server's own schema (mcp_db_engineer.audit_log) when writing is allowed, else a JSON-lines file.
/// An entry the table cannot take goes to the file: nothing is lost.
/// </summary>
public sealed class AuditLog(
    DatabaseExecutor executor, OwnSchemaMigrator migrator, IOptions<SafetyOptions> options, ILogger<AuditLog> logger)
{
    /// <summary>The audit table's migrations, applied on the first entry the table takes.</summary>
    public static MigrationSet Migrations { get; } = MigrationSet.FromEmbeddedFolder("audit", "Safety/Audit/Sql/AuditSchema");

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
            if (!await (_tableReady ??= EnsureTableAsync()))
            {
                return false;
            }

            await executor.RecordAsync(
                EmbeddedFiles.Get("Safety/Audit/Sql/audit_log_insert.sql"),
                [entry.At, entry.Tool, entry.Client, entry.Statement, entry.Classification, entry.Decision, entry.DurationMs, entry.Outcome],
                cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or ToolException)
        {
            logger.LogWarning("Audit table unavailable ({Message}); writing the audit entry to {File}", e.Message, FilePath);
            return false;
        }
    }

    private async Task<bool> EnsureTableAsync()
    {
        try
        {
            await migrator.UpAsync(Migrations, CancellationToken.None);
            return true;
        }
        catch (ToolException e)
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
}
