using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class DomainWithConstraint() : LintRule(new(
    "domain-with-constraint", "none", Rewrites: false,
    "a CHECK on a domain is hard to change later: changing it checks every column of every table using the domain, and NOT VALID does not hide the new rule from old rows' updates",
    "a CHECK constraint on each table's column (changed with NOT VALID + VALIDATE), or the domain without a CHECK",
    LintSeverity.Warning))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (statement.Type == "CreateDomainStmt"
            && ParseTree.Items(statement.Body, "constraints").Any(c => ParseTree.TryNode(c, out _, out var body) && ParseTree.Text(body, "contype") == "CONSTR_CHECK"))
        {
            yield return new($"CREATE DOMAIN {string.Join('.', ParseTree.Names(ParseTree.Field(statement.Body, "domainname")))} with a CHECK");
        }
    }
}
