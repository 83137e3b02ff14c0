using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class Cluster() : LintRule(new(
    "cluster", "ACCESS EXCLUSIVE", Rewrites: true,
    "rewrites the whole table in index order while no query, not even a read, can use it",
    "pg_repack --order-by rebuilds the table in order online; or leave the order to the index",
    LintSeverity.Error, SizeAware: true))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (statement.Type == "ClusterStmt")
        {
            var table = LintStatement.Table(ParseTree.Field(statement.Body, "relation"));
            yield return new(table is null ? "CLUSTER of every clustered table" : $"CLUSTER {table}", table);
        }
    }
}
