using McpDbEngineer.Safety;
using McpDbEngineer.Sql;
using McpDbEngineer.Tests.Sql;

namespace McpDbEngineer.Tests.Safety.Guard;

/// <summary>A statement an agent must not get through the server.</summary>
/// <param name="Rule">Words the read-only refusal must contain, when one rule is the obvious one.</param>
/// <param name="AllowedInReadWrite">A non-destructive change, which read-write mode rightly runs: sent to the read-only server only.</param>
public sealed record Attack(string Sql, string? Rule = null, bool AllowedInReadWrite = false)
{
    public override string ToString() => Sql;
}

/// <summary>
/// Everything the guard must refuse: each statement of the classifier corpus that is not a read, and crafted
/// attacks against the sample shop database (splitting, quoting, comments, hidden writes, side-effect functions,
/// escapes from the transaction, functions that write). <see cref="Setup"/> creates what some of them call.
/// </summary>
public static class AttackCorpus
{
    /// <summary>
    /// A VOLATILE function that empties order_items, as a careless or hostile owner might have left one, and a
    /// function that lies: declared STABLE, it calls the first (PostgreSQL does not check what a function calls).
    /// </summary>
    public const string Setup = """
        CREATE FUNCTION public.wipe_order_items() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
            DELETE FROM order_items;
            RETURN 0;
        END $$;
        CREATE FUNCTION public.stable_liar() RETURNS bigint LANGUAGE plpgsql STABLE AS $$
        BEGIN
            RETURN wipe_order_items();
        END $$;
        """;

    public const string RuleTransaction = "transaction control is not allowed";
    public const string RuleSession = "session and configuration changes";
    public const string RuleUtility = "Ask a human to run it with psql";
    public const string RuleFunction = "side effects beyond reading data";
    public const string RuleReadOnly = "the server is read-only";
    public const string RuleVolatile = "the guard cannot vet code";
    public const string RuleApproval = "needs a human's approval";
    public const string RuleAlone = "Send it in a call of its own";

    /// <summary>What the guard says when it refuses: every refusal names one of these rules.</summary>
    public static readonly string[] Rules =
    [
        RuleTransaction, RuleSession, RuleUtility, RuleFunction, RuleReadOnly, RuleVolatile, RuleApproval, RuleAlone,
        "EXPLAIN takes exactly one statement", "Cannot explain", "Refused EXPLAIN ANALYZE",
    ];

    /// <summary>The classifier corpus minus its reads; non-destructive writes and DDL are what read-write mode is for.</summary>
    public static IEnumerable<Attack> FromClassifierCorpus() =>
        ClassifierCorpus.Cases
            .Where(c => c.Class != StatementClass.Read || c.Denied is not null)
            .Select(c => new Attack(
                c.Sql,
                AllowedInReadWrite: c.Class is StatementClass.Write or StatementClass.Ddl && !c.Destructive && c.Denied is null));

    /// <param name="bystanderPid">A session that must survive pg_terminate_backend.</param>
    /// <param name="marker">A path prefix for files the database server must never create.</param>
    public static IEnumerable<Attack> Crafted(int bystanderPid, string marker) =>
    [
        // Splitting: a second statement after a read, hidden by quoting or comments a naive splitter gets wrong.
        new("SELECT 1; COMMIT; DROP TABLE orders", RuleTransaction),
        new("/* ; */ DROP TABLE orders", RuleReadOnly),
        new("SELECT $$;$$; DROP TABLE orders", RuleReadOnly),
        new("SELECT $x$ $$ ; $x$; DELETE FROM order_items", RuleReadOnly),
        new("SELECT E'\\''; DROP TABLE orders; --'", RuleReadOnly),
        new("SELECT 'a\\'; DROP TABLE orders; --'", RuleReadOnly),
        new("SELECT 1 -- comment ;\n; DROP TABLE orders", RuleReadOnly),
        new("/* outer /* inner */ still a comment ; */ DELETE FROM orders", RuleReadOnly),
        new("SELECT 1 /* a /* b */ c */; TRUNCATE orders", RuleReadOnly),
        new("DROP TABLE U&\"\\006Frders\"", RuleReadOnly),
        new("DELETE FROM U&\"!006Frder_items\" UESCAPE '!'", RuleReadOnly),
        new("SELECT U&'\\0027'; DROP SCHEMA public CASCADE", RuleReadOnly),
        new("TABLE orders; TRUNCATE orders", RuleReadOnly),
        new("VALUES (1); DROP SCHEMA public CASCADE", RuleReadOnly),
        new("SELECT * FROM orders; SET ROLE postgres", RuleSession),

        // Escaping the transaction or its read-only mode.
        new("SET TRANSACTION READ WRITE; DELETE FROM orders", RuleSession),
        new("BEGIN READ WRITE; DELETE FROM orders; COMMIT", RuleTransaction),
        new("ROLLBACK; DELETE FROM order_items", RuleTransaction),
        new("RESET default_transaction_read_only", RuleSession),
        new("SELECT set_config('default_transaction_read_only','off',false)", RuleFunction),
        new("SELECT set_config('transaction_read_only', 'off', true); DELETE FROM order_items", RuleFunction),
        new("SELECT PG_CATALOG.SET_CONFIG('x','y',false)", RuleFunction),
        new("SELECT \"pg_catalog\".\"set_config\"('transaction_read_only', 'off', true)", RuleFunction),

        // Writes hidden inside reads.
        new("WITH d AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM d", RuleReadOnly),
        new("WITH x AS (SELECT 1) DELETE FROM order_items", RuleReadOnly),
        new("SELECT * FROM (WITH d AS (DELETE FROM order_items RETURNING 1) SELECT * FROM d) s", RuleReadOnly),
        new("SELECT * FROM orders FOR UPDATE", RuleReadOnly, AllowedInReadWrite: true),
        new("CREATE TEMP TABLE t AS SELECT 1", RuleReadOnly, AllowedInReadWrite: true),
        new("SELECT * INTO orders_copy FROM orders", RuleReadOnly, AllowedInReadWrite: true),
        new("EXPLAIN ANALYZE DELETE FROM orders", RuleReadOnly),
        new("EXPLAIN (ANALYZE) WITH d AS (DELETE FROM order_items RETURNING 1) SELECT * FROM d", RuleReadOnly),
        new("PREPARE p AS DELETE FROM orders; EXECUTE p", RuleUtility),
        new("DO $$BEGIN DELETE FROM orders; END$$", RuleUtility),
        new("LOCK orders", RuleUtility),

        // Maintenance and statements that run outside a transaction: never with company, never past the approval.
        new("VACUUM orders; DELETE FROM order_items", RuleReadOnly),
        new("SELECT 1; VACUUM orders", RuleReadOnly),
        new("CREATE INDEX CONCURRENTLY ON orders (status); DROP TABLE order_items", RuleReadOnly),
        new("DROP TABLE order_items; REINDEX TABLE CONCURRENTLY orders", RuleReadOnly),
        new("DROP INDEX CONCURRENTLY orders_pkey", RuleReadOnly),
        new("CREATE INDEX CONCURRENTLY ON order_items ((wipe_order_items() + order_id))", RuleReadOnly),
        new("VACUUM (FULL true, ANALYZE) orders", RuleUtility),
        new("ANALYZE", RuleUtility),
        new("REINDEX SCHEMA CONCURRENTLY public", RuleUtility),

        // Whole-table changes spelt with a WHERE or an ON that holds for every row.
        new("DELETE FROM order_items WHERE 1 = 1", RuleReadOnly),
        new("DELETE FROM order_items WHERE NOT false", RuleReadOnly),
        new("UPDATE orders SET note = NULL WHERE true OR false", RuleReadOnly),
        new("MERGE INTO order_items i USING (SELECT 1) s ON true WHEN MATCHED THEN DELETE", RuleReadOnly),

        // Side effects outside the data: other sessions, sequences, files, other databases, the server.
        new("SELECT pg_terminate_backend(pid) FROM pg_stat_activity", RuleFunction),
        new($"SELECT pg_terminate_backend({bystanderPid})", RuleFunction),
        new("SELECT \"pg_catalog\".\"pg_terminate_backend\"(1)", RuleFunction),
        new($"SELECT count(*) FROM pg_stat_activity WHERE pg_cancel_backend({bystanderPid})", RuleFunction),
        new("SELECT nextval('orders_id_seq')", RuleFunction),
        new("SELECT nextval('invoice_number_seq'), setval('invoice_number_seq', 1)", RuleFunction),
        new("SELECT lo_import('/etc/passwd')", RuleFunction),
        new($"SELECT lo_export(lo_from_bytea(0, 'x'), '{marker}-lo')", RuleFunction),
        new("SELECT * FROM dblink('dbname=postgres', 'DELETE FROM orders') AS t(a int)", RuleFunction),
        new("SELECT pg_advisory_lock(42)", RuleFunction),
        new("SELECT pg_reload_conf()", RuleFunction),
        new("SELECT pg_stat_statements_reset()", RuleFunction),
        new("SELECT query_to_xml('DELETE FROM order_items RETURNING 1', true, false, '')", RuleFunction),
        new("SELECT pg_create_restore_point('x')", RuleFunction),
        new($"COPY orders TO PROGRAM 'touch {marker}-program'", RuleUtility),
        new($"COPY orders TO '{marker}-copy.csv'", RuleUtility),
        new("COPY order_items FROM PROGRAM 'true'", RuleUtility),
        new("ALTER SYSTEM SET work_mem = '1GB'", RuleUtility),

        // A function the owner declared VOLATILE that deletes rows, called where a read is expected.
        new("SELECT wipe_order_items()", RuleVolatile),
        new("SELECT public.wipe_order_items()", RuleVolatile),
        new("SELECT \"wipe_order_items\"()", RuleVolatile),
        new("SELECT id FROM orders WHERE id = wipe_order_items()", RuleVolatile),
        new("WITH w AS (SELECT wipe_order_items()) SELECT * FROM w", RuleVolatile),
        new("EXPLAIN ANALYZE SELECT wipe_order_items()", RuleVolatile),
        new("SELECT wipe_order_items(); UPDATE suppliers SET name = name WHERE id = 1", RuleReadOnly),
        new("UPDATE suppliers SET name = name WHERE id = wipe_order_items()", RuleReadOnly),
        new("INSERT INTO suppliers (name, country) SELECT 'x', 'US' WHERE wipe_order_items() = 1", RuleReadOnly),
    ];

    /// <summary>Reads dressed up as attacks: the dangerous words are in strings and comments, so they must run.</summary>
    public static readonly string[] HarmlessLookalikes =
    [
        "SELECT $$;$$ AS semicolon",
        "SELECT 'DROP TABLE orders; --' AS text",
        "SELECT E'\\'; DROP TABLE orders; --' AS text",
        "/* /* */ DROP TABLE orders; */ SELECT 1",
        "SELECT 1 -- ; DROP TABLE orders",
        "SELECT U&'\\0044ROP TABLE orders' AS text",
        "SELECT count(*) FROM U&\"\\006Frders\"",
        "SELECT \"pg_catalog\".\"lower\"('DELETE FROM orders')",
        "SELECT customer_lifetime_cents(42)",
        // Quoting the server's driver must read as PostgreSQL does, or it would cut the statement at the semicolon.
        "SELECT E'a\\';b' AS s",
        "SELECT $a$;$a$ AS s, 'it''s;' AS t, 1 AS \"x;y\" /* ; */",
    ];
}
