namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class ConcurrentlyInTransaction() : LintRule(new(
    "concurrently-in-transaction", "none (the statement fails)", Rewrites: false,
    "PostgreSQL refuses CONCURRENTLY index builds, drops and reindexes inside a transaction block: the migration fails halfway",
    "put it in a migration of its own that runs without a transaction (dbmate `transaction:false`, Flyway `executeInTransaction=false`, Rails `disable_ddl_transaction!`)",
    LintSeverity.Error))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (statement.InTransaction && statement.Concurrent && statement.Type != "RefreshMatViewStmt")
        {
            yield return new($"CONCURRENTLY inside a transaction block{(statement.State.Transaction!.Explicit ? "" : " (the file runs in one)")}");
        }
    }
}
