using McpDbEngineer.Answers;

namespace McpDbEngineer.Migrations.Lint;

/// <summary>
/// How a table's size grades a finding whose cost grows with the table: the lock is held while the statement scans or
/// rewrites, and every query on the table queues behind it for that long.
/// </summary>
internal static class TableSizeGrade
{
    /// <summary>Below both, a scan or rewrite takes milliseconds: the lock is brief, the finding is a note.</summary>
    public const long SmallRows = 10_000;

    public const long SmallBytes = 10L * 1024 * 1024;

    /// <summary>From either on, a scan or rewrite takes seconds to minutes, long enough for the queue behind it to be an outage.</summary>
    public const long LargeRows = 1_000_000;

    public const long LargeBytes = 1024L * 1024 * 1024;

    public static LintSeverity Of(TableSize size) => size switch
    {
        { Exists: false } => LintSeverity.Note,
        _ when size.Bytes >= LargeBytes || size.Rows >= LargeRows => LintSeverity.Error,
        _ when size.Bytes < SmallBytes && (size.Rows ?? 0) < SmallRows => LintSeverity.Note,
        _ => LintSeverity.Warning,
    };

    /// <summary>"1.2GB, ~15000000 rows" or "not in the database".</summary>
    public static string Describe(TableSize size) => size.Exists
        ? Units.Bytes(size.Bytes) + (size.Rows is { } rows ? $", ~{Units.Count(rows)} rows" : "")
        : "not in the database";
}
