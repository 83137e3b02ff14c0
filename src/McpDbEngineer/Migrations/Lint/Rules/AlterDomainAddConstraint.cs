using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class AlterDomainAddConstraint() : LintRule(new(
    "alter-domain-add-constraint", "SHARE on every table with a column of the domain", Rewrites: false,
    "checks every row of every table that uses the domain while writes to them wait",
    "ALTER DOMAIN … ADD CONSTRAINT … NOT VALID, then ALTER DOMAIN … VALIDATE CONSTRAINT",
    LintSeverity.Error))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (statement.Type == "AlterDomainStmt" && ParseTree.Text(statement.Body, "subtype") == "C"
            && ParseTree.TryNode(ParseTree.Field(statement.Body, "def"), out _, out var constraint) && !ParseTree.Flag(constraint, "skip_validation"))
        {
            yield return new($"ALTER DOMAIN {string.Join('.', ParseTree.Names(ParseTree.Field(statement.Body, "typeName")))} ADD CONSTRAINT validated at once");
        }
    }
}
