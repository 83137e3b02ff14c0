namespace McpDbEngineer.Migrations.Rehearsal;

/// <summary>A lock a statement held on a table that existed before it (the strongest mode seen).</summary>
public sealed record LockTaken(string Relation, string Mode);

/// <summary>How one statement ran on the shadow.</summary>
/// <param name="Error">PostgreSQL's error, null when it ran.</param>
/// <param name="ErrorLine">Where in the file the error points (the statement's start when PostgreSQL gives no position).</param>
/// <param name="OutsideTransaction">Run on its own, not in a transaction (CONCURRENTLY and the like); its locks were read from a second connection while it ran.</param>
/// <param name="Skipped">Why it was not run (transaction control: every statement runs in its own transaction here).</param>
public sealed record StatementRun(
    MigrationStatement Statement,
    TimeSpan Duration,
    string? Error,
    int ErrorLine,
    int ErrorColumn,
    bool OutsideTransaction,
    string? Skipped,
    IReadOnlyList<LockTaken> Locks,
    StatementWork Work)
{
    public bool Failed => Error is not null;
}
