namespace McpDbEngineer.Safety;

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

/// <summary>What the guard allowed: the statements, how they run and why (for the audit log).</summary>
public sealed record GuardDecision(IReadOnlyList<StatementVerdict> Statements, TransactionKind Transaction, string Decision);
