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
}
