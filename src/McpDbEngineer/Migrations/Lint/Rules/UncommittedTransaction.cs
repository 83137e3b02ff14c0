using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class UncommittedTransaction() : LintRule(new(
    "uncommitted-transaction", "every lock taken after BEGIN, until the session ends", Rewrites: false,
    "a BEGIN without COMMIT leaves the changes uncommitted and their locks held; the tool may roll them back or hang",
    "end the block with COMMIT",
    LintSeverity.Error))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (statement.Type == "TransactionStmt" && ParseTree.Text(statement.Body, "kind") is "TRANS_STMT_BEGIN" or "TRANS_STMT_START"
            && statement.State.Transaction is { Explicit: true, Closed: false })
        {
            yield return new("BEGIN without a COMMIT before the end of the file");
        }
    }
}
