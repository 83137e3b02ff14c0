using McpDbEngineer.Safety;
using McpDbEngineer.Safety.Guard;
using McpDbEngineer.Sql;

namespace McpDbEngineer.Tests.Safety.Guard;

/// <summary>The access rules, fed with verdicts of the real classifier: no database involved.</summary>
public sealed class AccessPolicyTests
{
    private static PolicyOutcome Run(string sql, bool readWrite) => Evaluate(sql, SqlIntent.Run, readWrite);

    private static PolicyOutcome Evaluate(string sql, SqlIntent intent, bool readWrite)
    {
        var script = SqlClassifier.Classify(sql);
        Assert.Null(script.Error);
        return AccessPolicy.Evaluate(script.Statements, intent, readWrite);
    }

    private static string Refused(PolicyOutcome outcome)
    {
        Assert.NotNull(outcome.Refusal);
        Assert.Empty(outcome.NeedsApproval);
        return outcome.Refusal;
    }

    [Fact]
    public void Evaluate_NoStatement_IsRefused()
    {
        var refusal = Refused(Run("  ;  -- nothing\n", readWrite: true));

        Assert.Contains("no statement", refusal);
    }

    [Fact]
    public void Evaluate_PlainReads_RunReadOnlyInBothModes()
    {
        foreach (var readWrite in new[] { false, true })
        {
            var outcome = Run("SELECT 1; TABLE orders; VALUES (1); SHOW work_mem", readWrite);

            Assert.Null(outcome.Refusal);
            Assert.Empty(outcome.NeedsApproval);
            Assert.Equal(TransactionKind.ReadOnly, outcome.Transaction);
        }
    }

    [Theory]
    [InlineData("BEGIN")]
    [InlineData("COMMIT")]
    [InlineData("SELECT 1; COMMIT; SELECT 2")]
    [InlineData("SAVEPOINT s; ROLLBACK TO SAVEPOINT s")]
    [InlineData("PREPARE TRANSACTION 'x'")]
    public void Evaluate_TransactionControl_IsRefusedInBothModes(string sql)
    {
        foreach (var readWrite in new[] { false, true })
        {
            Assert.Contains("transaction control is not allowed", Refused(Run(sql, readWrite)));
        }
    }

    [Theory]
    [InlineData("SET search_path = evil")]
    [InlineData("SET TRANSACTION READ WRITE")]
    [InlineData("RESET ALL")]
    [InlineData("SET ROLE postgres")]
    [InlineData("DISCARD ALL")]
    public void Evaluate_SessionChanges_AreRefusedInBothModes(string sql)
    {
        foreach (var readWrite in new[] { false, true })
        {
            Assert.Contains("session and configuration changes", Refused(Run(sql, readWrite)));
        }
    }

    [Theory]
    [InlineData("LOCK orders", "LOCK takes locks on orders")]
    [InlineData("DO $$BEGIN DELETE FROM orders; END$$", "DO runs a procedural code block")]
    [InlineData("COPY orders TO PROGRAM 'rm -rf /tmp/x'", "runs the shell command")]
    [InlineData("CALL archive_orders(2024)", "CALL runs the procedure archive_orders")]
    [InlineData("PREPARE p AS DELETE FROM orders", "PREPARE stores a statement")]
    [InlineData("EXECUTE p", "whose text the guard cannot see")]
    [InlineData("VACUUM", "name the tables")]
    public void Evaluate_UtilityStatements_AreRefusedInBothModesWithTheirReason(string sql, string reason)
    {
        foreach (var readWrite in new[] { false, true })
        {
            var refusal = Refused(Run(sql, readWrite));

            Assert.Contains(reason, refusal);
            Assert.Contains("psql", refusal);
        }
    }

    [Theory]
    [InlineData("SELECT pg_terminate_backend(1)", "pg_terminate_backend")]
    [InlineData("SELECT set_config('default_transaction_read_only', 'off', false)", "set_config")]
    [InlineData("SELECT id FROM orders WHERE id = nextval('orders_id_seq')", "nextval")]
    [InlineData("INSERT INTO orders (id) VALUES (nextval('s'))", "nextval")]
    public void Evaluate_DeniedFunctions_AreRefusedInBothModes(string sql, string function)
    {
        foreach (var readWrite in new[] { false, true })
        {
            var refusal = Refused(Run(sql, readWrite));

            Assert.Contains($"calls {function}", refusal);
            Assert.Contains("side effects", refusal);
        }
    }

    [Theory]
    [InlineData("INSERT INTO orders DEFAULT VALUES", "INSERT adds rows to orders")]
    [InlineData("UPDATE orders SET note = 'x' WHERE id = 1", "UPDATE changes rows of orders")]
    [InlineData("SELECT * FROM orders FOR UPDATE", "FOR UPDATE")]
    [InlineData("CREATE TEMP TABLE t AS SELECT 1", "creates table t")]
    [InlineData("CREATE INDEX ON orders (status)", "DDL")]
    [InlineData("DROP TABLE orders", "destroys table orders")]
    public void Evaluate_ReadOnlyMode_RefusesEveryChangeAndSaysHowToAllowIt(string sql, string reason)
    {
        var refusal = Refused(Run(sql, readWrite: false));

        Assert.Contains(reason, refusal);
        Assert.Contains("the server is read-only", refusal);
        Assert.Contains("--access read-write", refusal);
    }

    [Fact]
    public void Evaluate_ReadOnlyMode_NamesTheOffendingStatementOfAScript()
    {
        var refusal = Refused(Run("SELECT 1; TABLE orders; TRUNCATE orders", readWrite: false));

        Assert.StartsWith("Refused statement 3 of 3 (TRUNCATE)", refusal);
    }

    [Theory]
    [InlineData("INSERT INTO orders DEFAULT VALUES")]
    [InlineData("DELETE FROM orders WHERE id = 1")]
    [InlineData("WITH x AS (UPDATE orders SET note = 'y' WHERE id = 2 RETURNING id) SELECT * FROM x")]
    [InlineData("CREATE TABLE t (id int)")]
    [InlineData("SELECT 1; UPDATE orders SET note = 'x' WHERE id = 1")]
    public void Evaluate_ReadWriteMode_CommitsNonDestructiveChangesWithoutAsking(string sql)
    {
        var outcome = Run(sql, readWrite: true);

        Assert.Null(outcome.Refusal);
        Assert.Empty(outcome.NeedsApproval);
        Assert.Equal(TransactionKind.ReadWrite, outcome.Transaction);
    }

    [Theory]
    [InlineData("DROP TABLE orders", "table orders")]
    [InlineData("TRUNCATE orders", "all rows of orders")]
    [InlineData("DELETE FROM orders", "all rows of orders")]
    [InlineData("UPDATE orders SET total_cents = 0", "all rows of orders")]
    [InlineData("WITH d AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM d", "all rows of orders")]
    [InlineData("ALTER TABLE orders DROP COLUMN note", "column orders.note")]
    [InlineData("EXPLAIN ANALYZE DELETE FROM orders", "all rows of orders")]
    public void Evaluate_ReadWriteMode_DestructiveStatementsNeedApproval(string sql, string destroyed)
    {
        var outcome = Run(sql, readWrite: true);

        Assert.Null(outcome.Refusal);
        var statement = Assert.Single(outcome.NeedsApproval);
        Assert.Contains(destroyed, statement.DestroyedObjects);
        Assert.Equal(TransactionKind.ReadWrite, outcome.Transaction);
    }

    [Theory]
    [InlineData("CREATE TRIGGER t AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION wipe()")]
    [InlineData("CREATE RULE r AS ON INSERT TO orders DO ALSO DELETE FROM payments")]
    [InlineData("CREATE EVENT TRIGGER e ON ddl_command_end EXECUTE FUNCTION wipe_ddl()")]
    [InlineData("CREATE OPERATOR === (LEFTARG = int, RIGHTARG = int, FUNCTION = wipe_eq)")]
    [InlineData("CREATE AGGREGATE wipe_sum (int) (SFUNC = wipe_step, STYPE = int)")]
    public void Evaluate_ReadWriteMode_CodeThatRunsLaterNeedsApproval(string sql)
    {
        var outcome = Run(sql, readWrite: true);

        Assert.Null(outcome.Refusal);
        var statement = Assert.Single(outcome.NeedsApproval);
        Assert.Contains(statement.Reasons, r => r.Contains("code that runs later", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_ReadWriteMode_AsksOnlyAboutTheDestructiveStatementsOfAScript()
    {
        var outcome = Run("UPDATE orders SET note = 'x' WHERE id = 1; DROP TABLE payments; SELECT 1; TRUNCATE reviews", readWrite: true);

        Assert.Null(outcome.Refusal);
        Assert.Equal(["DROP TABLE payments", "TRUNCATE reviews"], outcome.NeedsApproval.Select(s => s.Text));
    }

    [Fact]
    public void Evaluate_ReadWriteMode_ARefusedStatementRefusesTheWholeScriptBeforeAnyApproval()
    {
        var refusal = Refused(Run("DROP TABLE payments; COMMIT; DROP TABLE orders", readWrite: true));

        Assert.StartsWith("Refused statement 2 of 3 (COMMIT)", refusal);
    }

    [Theory]
    [InlineData(SqlIntent.Explain)]
    [InlineData(SqlIntent.ExplainAnalyze)]
    public void Explain_TakesExactlyOneStatement(SqlIntent intent)
    {
        var refusal = Refused(Evaluate("SELECT 1; SELECT 2", intent, readWrite: true));

        Assert.Contains("exactly one statement; got 2", refusal);
    }

    [Theory]
    [InlineData("DROP TABLE orders", "DROP TABLE")]
    [InlineData("CREATE INDEX ON orders (status)", "CREATE INDEX")]
    [InlineData("TRUNCATE orders", "TRUNCATE")]
    [InlineData("BEGIN", "BEGIN")]
    [InlineData("SET work_mem = '1GB'", "SET")]
    [InlineData("LOCK orders", "LOCK")]
    [InlineData("EXPLAIN SELECT 1", "EXPLAIN")]
    [InlineData("EXPLAIN ANALYZE SELECT 1", "EXPLAIN ANALYZE SELECT")]
    public void Explain_OnlyStatementsWithAPlan_AreExplainable(string sql, string command)
    {
        foreach (var intent in new[] { SqlIntent.Explain, SqlIntent.ExplainAnalyze })
        {
            var refusal = Refused(Evaluate(sql, intent, readWrite: true));

            Assert.StartsWith($"Cannot explain {command}:", refusal);
        }
    }

    [Theory]
    [InlineData("DELETE FROM orders")]
    [InlineData("UPDATE orders SET total_cents = 0 WHERE id = 1")]
    [InlineData("SELECT pg_terminate_backend(1)")]
    [InlineData("SELECT * FROM orders FOR UPDATE")]
    public void Explain_WithoutAnalyze_PlansAnythingWithAPlanReadOnly(string sql)
    {
        var outcome = Evaluate(sql, SqlIntent.Explain, readWrite: false);

        Assert.Null(outcome.Refusal);
        Assert.Empty(outcome.NeedsApproval);
        Assert.Equal(TransactionKind.ReadOnly, outcome.Transaction);
    }

    [Fact]
    public void ExplainAnalyze_OfARead_RunsReadOnly()
    {
        var outcome = Evaluate("SELECT count(*) FROM orders", SqlIntent.ExplainAnalyze, readWrite: false);

        Assert.Null(outcome.Refusal);
        Assert.Equal(TransactionKind.ReadOnly, outcome.Transaction);
    }

    [Fact]
    public void ExplainAnalyze_OfADeniedFunction_IsRefusedInBothModes()
    {
        foreach (var readWrite in new[] { false, true })
        {
            Assert.Contains("calls pg_sleep", Refused(Evaluate("SELECT pg_sleep(100)", SqlIntent.ExplainAnalyze, readWrite)));
        }
    }

    [Theory]
    [InlineData("DELETE FROM orders")]
    [InlineData("INSERT INTO orders DEFAULT VALUES")]
    [InlineData("WITH d AS (DELETE FROM orders WHERE id = 1 RETURNING *) SELECT * FROM d")]
    public void ExplainAnalyze_OfAWrite_IsRefusedReadOnlyAndRolledBackInReadWrite(string sql)
    {
        var refusal = Refused(Evaluate(sql, SqlIntent.ExplainAnalyze, readWrite: false));
        var readWrite = Evaluate(sql, SqlIntent.ExplainAnalyze, readWrite: true);

        Assert.StartsWith("Refused EXPLAIN ANALYZE", refusal);
        Assert.Contains("analyze=false", refusal);
        Assert.Null(readWrite.Refusal);
        Assert.Empty(readWrite.NeedsApproval);
        Assert.Equal(TransactionKind.RolledBack, readWrite.Transaction);
    }
    [Theory]
    [InlineData("ANALYZE orders")]
    [InlineData("VACUUM (ANALYZE) orders, customers")]
    public void Evaluate_Maintenance_RunsInReadWriteModeWithoutApproval(string sql)
    {
        var outcome = Run(sql, readWrite: true);

        Assert.Null(outcome.Refusal);
        Assert.Empty(outcome.NeedsApproval);
    }

    [Theory]
    [InlineData("VACUUM orders", "VACUUM cannot run inside a transaction block")]
    [InlineData("CREATE INDEX CONCURRENTLY ON orders (status)", "CREATE INDEX CONCURRENTLY cannot run inside a transaction block")]
    [InlineData("REINDEX TABLE CONCURRENTLY orders", "REINDEX CONCURRENTLY cannot run inside a transaction block")]
    [InlineData("DROP INDEX CONCURRENTLY orders_status_idx", "DROP INDEX CONCURRENTLY cannot run inside a transaction block")]
    public void Evaluate_StatementsThatCannotRunInATransaction_RunAloneInReadWriteModeAndAreExplainedInReadOnlyMode(string sql, string why)
    {
        var readWrite = Run(sql, readWrite: true);
        var readOnly = Refused(Run(sql, readWrite: false));
        var withOthers = Refused(Run("SELECT 1; " + sql, readWrite: true));

        Assert.Null(readWrite.Refusal);
        Assert.Equal(TransactionKind.OutsideTransaction, readWrite.Transaction);
        Assert.Contains(why, readOnly);
        Assert.Contains("read-only", readOnly);
        Assert.Contains(why, withOthers);
        Assert.Contains("in a call of its own", withOthers);
    }

    [Fact]
    public void Evaluate_DropIndexConcurrently_StillNeedsApproval()
    {
        var outcome = Run("DROP INDEX CONCURRENTLY orders_status_idx", readWrite: true);

        Assert.Equal(TransactionKind.OutsideTransaction, outcome.Transaction);
        Assert.Contains("index orders_status_idx", Assert.Single(outcome.NeedsApproval).DestroyedObjects);
    }
}
