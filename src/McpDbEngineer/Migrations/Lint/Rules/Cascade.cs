using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class Cascade() : LintRule(new(
    "cascade", "ACCESS EXCLUSIVE on every object reached", Rewrites: false,
    "also drops (or empties) every object that depends on the named ones — views, foreign keys, referencing tables — which the migration does not name and nobody reviewed",
    "drop or truncate the dependent objects explicitly, by name, and use RESTRICT (the default) so that anything unexpected stops the migration",
    LintSeverity.Error))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (statement.Type is "DropStmt" or "TruncateStmt" && ParseTree.Text(statement.Body, "behavior") == "DROP_CASCADE")
        {
            yield return new($"{(statement.Type == "DropStmt" ? "DROP" : "TRUNCATE")} … CASCADE");
        }
    }
}
