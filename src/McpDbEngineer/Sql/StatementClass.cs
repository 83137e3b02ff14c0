namespace McpDbEngineer.Sql;

/// <summary>What a statement does, as PostgreSQL's own parser sees it.</summary>
public enum StatementClass
{
    /// <summary>SELECT without locking clauses or data-modifying CTEs, VALUES, TABLE, SHOW, EXPLAIN without ANALYZE.</summary>
    Read,

    /// <summary>INSERT, UPDATE, DELETE, MERGE, COPY FROM, data-modifying CTEs, SELECT … FOR UPDATE.</summary>
    Write,

    /// <summary>CREATE / ALTER / DROP / COMMENT / GRANT … (destructive ones are flagged on the verdict).</summary>
    Ddl,

    /// <summary>BEGIN, COMMIT, ROLLBACK, SAVEPOINT, PREPARE TRANSACTION …</summary>
    Transaction,

    /// <summary>SET, RESET, SET ROLE, SET SESSION AUTHORIZATION, SET TRANSACTION, DISCARD.</summary>
    Session,

    /// <summary>LOCK, LISTEN/NOTIFY, PREPARE/EXECUTE, DO, CALL, COPY TO PROGRAM, LOAD, VACUUM, CHECKPOINT …</summary>
    Utility,
}
