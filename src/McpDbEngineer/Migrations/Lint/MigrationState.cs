using McpDbEngineer.Sql;

namespace McpDbEngineer.Migrations.Lint;

/// <summary>A transaction block of the file: an explicit BEGIN … COMMIT, or the whole file when the tool runs it in one.</summary>
/// <param name="HasDdl">Whether any statement of the block changes the schema.</param>
/// <param name="Closed">Whether a COMMIT or ROLLBACK ends it (an explicit BEGIN without one leaves the file's changes uncommitted).</param>
internal sealed record TransactionBlock(bool Explicit, bool HasDdl, bool Closed = true);

/// <summary>What a migration did before the statement being checked, and the settings of the run.</summary>
/// <param name="Transaction">The block the statement runs in, null when it runs on its own (autocommit).</param>
/// <param name="OpenTransactions">Transaction blocks opened before this statement and not yet closed (BEGIN inside BEGIN is a mistake).</param>
/// <param name="LockTimeoutSet">Whether a SET [LOCAL] lock_timeout to a non-zero value came before.</param>
/// <param name="LockTakenBefore">Whether a statement before already took a lock on an existing table.</param>
internal sealed record MigrationState(
    LintOptions Options,
    int? PostgresMajor,
    TransactionBlock? Transaction,
    int OpenTransactions,
    bool LockTimeoutSet,
    bool LockTakenBefore,
    IReadOnlyCollection<SqlName> CreatedTables)
{
    /// <summary>Whether the file created this table before (schema-qualified or not: the names are compared as written).</summary>
    public bool Created(SqlName table) =>
        CreatedTables.Any(t => t.Name == table.Name && (t.Schema is null || table.Schema is null || t.Schema == table.Schema));
}
