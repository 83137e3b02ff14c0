using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class RefreshWithoutConcurrently() : LintRule(new(
    "refresh-without-concurrently", "ACCESS EXCLUSIVE on the materialized view", Rewrites: true,
    "recomputes the whole view while no query, not even a read, can use it",
    "REFRESH MATERIALIZED VIEW CONCURRENTLY (needs a unique index on the view; reads go on)",
    LintSeverity.Warning, SizeAware: true))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (statement.Type == "RefreshMatViewStmt" && !statement.Concurrent && LintStatement.Table(ParseTree.Field(statement.Body, "relation")) is { } view)
        {
            yield return new($"REFRESH MATERIALIZED VIEW {view} without CONCURRENTLY", view);
        }
    }
}
