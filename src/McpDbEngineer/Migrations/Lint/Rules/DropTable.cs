using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class DropTable() : LintRule(new(
    "drop-table", "ACCESS EXCLUSIVE", Rewrites: false,
    "destroys the table and its data for good, and waits behind every query on it while new ones queue behind the DROP",
    "stop using the table in the code, deploy, take a backup (or rename it aside for a while), then drop it in a later migration",
    LintSeverity.Error))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (statement.Type == "DropStmt" && ParseTree.Text(statement.Body, "removeType") == "OBJECT_TABLE")
        {
            foreach (var item in ParseTree.Items(statement.Body, "objects"))
            {
                var parts = ParseTree.ObjectName(item);
                var table = new Sql.SqlName(parts.Count > 1 ? parts[^2] : null, parts.Count > 0 ? parts[^1] : "?");
                yield return new($"DROP TABLE {table}", table);
            }
        }
    }
}
