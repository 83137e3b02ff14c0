using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class DropIndexWithoutConcurrently() : LintRule(new(
    "drop-index-without-concurrently", "ACCESS EXCLUSIVE on the index's table", Rewrites: false,
    "waits behind every running query on the table, and every new query, reads included, queues behind it",
    "DROP INDEX CONCURRENTLY, outside a transaction block",
    LintSeverity.Warning))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (statement.Type == "DropStmt" && ParseTree.Text(statement.Body, "removeType") == "OBJECT_INDEX" && !statement.Concurrent)
        {
            yield return new("DROP INDEX without CONCURRENTLY");
        }
    }
}
