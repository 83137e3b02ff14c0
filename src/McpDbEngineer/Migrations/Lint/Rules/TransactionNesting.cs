using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class TransactionNesting() : LintRule(new(
    "transaction-nesting", "none", Rewrites: false,
    "PostgreSQL has no nested transactions: a BEGIN inside one is ignored with a warning, and the first COMMIT ends the outer transaction (the migration tool's own), so what follows runs outside it",
    "leave transaction control to the migration tool, or turn its transaction off for this file and write BEGIN/COMMIT once",
    LintSeverity.Error))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        var kind = statement.Type == "TransactionStmt" ? ParseTree.Text(statement.Body, "kind") : null;
        if (kind is "TRANS_STMT_BEGIN" or "TRANS_STMT_START" && statement.State.OpenTransactions > 0)
        {
            yield return new(statement.State.Options.AssumeInTransaction ? "BEGIN inside the transaction the migration tool opens" : "BEGIN inside a transaction block");
        }
        else if (kind is "TRANS_STMT_COMMIT" or "TRANS_STMT_ROLLBACK" && statement.State.Options.AssumeInTransaction)
        {
            yield return new("COMMIT/ROLLBACK ends the transaction the migration tool opens");
        }
    }
}
