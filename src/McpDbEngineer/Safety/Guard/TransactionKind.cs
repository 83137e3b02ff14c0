namespace McpDbEngineer.Safety.Guard;

/// <summary>How an authorized request runs.</summary>
public enum TransactionKind
{
    /// <summary>READ ONLY transaction, rolled back.</summary>
    ReadOnly,

    /// <summary>READ WRITE transaction, committed.</summary>
    ReadWrite,

    /// <summary>READ WRITE transaction that is always rolled back (EXPLAIN ANALYZE of a write).</summary>
    RolledBack,

    /// <summary>
    /// No transaction: one statement PostgreSQL refuses to run in a transaction block (VACUUM, … CONCURRENTLY), kept as
    /// it runs. Nothing can be rolled back, so whatever needs a human's yes is asked before it runs.
    /// </summary>
    OutsideTransaction,
}
