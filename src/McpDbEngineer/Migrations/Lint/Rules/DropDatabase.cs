using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class DropDatabase() : LintRule(new(
    "drop-database", "exclusive use of the database", Rewrites: false,
    "destroys a whole database; no migration should",
    "drop databases by hand, after a backup, never from a migration",
    LintSeverity.Error))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (statement.Type == "DropdbStmt")
        {
            yield return new($"DROP DATABASE {ParseTree.Text(statement.Body, "dbname")}");
        }
    }
}
