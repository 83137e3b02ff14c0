using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class CheckWithoutNotValid() : LintRule(new(
    "check-without-not-valid", "ACCESS EXCLUSIVE", Rewrites: false,
    "scans the whole table to check every row while no query, not even a read, can use the table",
    "ADD CONSTRAINT … CHECK (…) NOT VALID, then ALTER TABLE … VALIDATE CONSTRAINT in a separate transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on)",
    LintSeverity.Error, SizeAware: true))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        foreach (var constraint in statement.AddedConstraints())
        {
            if (ParseTree.Text(constraint, "contype") == "CONSTR_CHECK" && !ParseTree.Flag(constraint, "skip_validation"))
            {
                yield return new($"CHECK on {statement.AlteredTable} validated at once", statement.AlteredTable);
            }
        }
    }
}
