using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class IndexWithoutConcurrently() : LintRule(new(
    "index-without-concurrently", "SHARE", Rewrites: false,
    "blocks every INSERT, UPDATE and DELETE on the table until the whole index is built",
    "CREATE INDEX CONCURRENTLY, outside a transaction block (if it fails, drop the INVALID index it leaves and retry)",
    LintSeverity.Error, SizeAware: true))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (statement.Type == "IndexStmt" && !statement.Concurrent && LintStatement.Table(ParseTree.Field(statement.Body, "relation")) is { } table)
        {
            yield return new($"CREATE INDEX on {table} without CONCURRENTLY", table);
        }
    }
}
