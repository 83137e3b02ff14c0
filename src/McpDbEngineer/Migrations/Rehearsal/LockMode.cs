namespace McpDbEngineer.Migrations.Rehearsal;

/// <summary>PostgreSQL's table lock modes, weakest first, as pg_locks names them and as the documentation writes them.</summary>
public static class LockMode
{
    private static readonly string[] Modes =
    [
        "AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock",
        "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock",
    ];

    /// <summary>Higher is stronger; -1 for a mode that is not a table lock mode.</summary>
    public static int Strength(string mode) => Array.IndexOf(Modes, mode);

    /// <summary>SHARE and stronger block writes to the table (INSERT, UPDATE, DELETE wait).</summary>
    public static bool BlocksWrites(string mode) => Strength(mode) >= Strength("ShareLock");

    /// <summary>ACCESS EXCLUSIVE blocks reads too: every query on the table waits.</summary>
    public static bool BlocksReads(string mode) => mode == "AccessExclusiveLock";

    /// <summary>"AccessExclusiveLock" → "ACCESS EXCLUSIVE".</summary>
    public static string Words(string mode)
    {
        var name = mode.EndsWith("Lock", StringComparison.Ordinal) ? mode[..^4] : mode;
        return string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + c : c.ToString())).ToUpperInvariant();
    }
}
