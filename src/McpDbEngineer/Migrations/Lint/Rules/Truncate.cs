using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class Truncate() : LintRule(new(
    "truncate", "ACCESS EXCLUSIVE", Rewrites: false,
    "removes every row at once, beyond what a DELETE's row triggers and replicas' logical decoding of rows see, and blocks even reads until the transaction ends",
    "delete the rows that must go with DELETE … WHERE, in batches; empty tables by hand after a backup, not in a migration",
    LintSeverity.Error))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (statement.Type == "TruncateStmt")
        {
            foreach (var relation in ParseTree.Items(statement.Body, "relations"))
            {
                var table = ParseTree.TryNode(relation, out _, out var rangeVar) ? LintStatement.Table(rangeVar) : null;
                yield return new($"TRUNCATE {table}", table);
            }
        }
    }
}
