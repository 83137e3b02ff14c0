namespace McpDbEngineer.Migrations.Rehearsal;

/// <summary>A relation's size on the target.</summary>
public sealed record TargetSize(string Relation, long HeapBytes, long TotalBytes, long Rows);

/// <summary>
/// How long a lock seen on the shadow would be held on the target: the work the statement did on that table there
/// (a rewrite, an index build, a validating scan, as the shadow showed) at rough disk rates, from the target's table
/// size. An order of magnitude, not a promise: the rates below are those of an ordinary server with the table cold.
/// Pure.
/// </summary>
public static class LockEstimate
{
    /// <summary>A rewrite reads every row, writes it again with WAL, and rebuilds every index: tens of MB a second.</summary>
    public const double RewriteBytesPerSecond = 50e6;

    /// <summary>An index build is one sequential read of the table and a sort.</summary>
    public const double IndexBuildBytesPerSecond = 100e6;

    /// <summary>A validation (CHECK, FOREIGN KEY, NOT NULL) is one sequential read of the table.</summary>
    public const double ScanBytesPerSecond = 200e6;

    /// <summary>Seconds the lock on <paramref name="relation"/> is held on the target; null when the target lacks it.</summary>
    public static double? Seconds(StatementRun run, string relation, IReadOnlyDictionary<string, TargetSize> sizes)
    {
        if (!sizes.TryGetValue(relation, out var size))
        {
            return null;
        }

        var seconds = run.Duration.TotalSeconds;
        if (run.Work.Rewritten.Contains(relation))
        {
            seconds += size.TotalBytes / RewriteBytesPerSecond;
        }

        if (run.Work.Indexed.Contains(relation))
        {
            seconds += size.HeapBytes / IndexBuildBytesPerSecond;
        }

        if (run.Work.Scanned.Contains(relation))
        {
            seconds += size.HeapBytes / ScanBytesPerSecond;
        }

        return seconds;
    }
}
