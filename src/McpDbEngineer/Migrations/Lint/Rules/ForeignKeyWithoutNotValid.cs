using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class ForeignKeyWithoutNotValid() : LintRule(new(
    "foreign-key-without-not-valid", "SHARE ROW EXCLUSIVE on the table and the referenced table", Rewrites: false,
    "checks every existing row against the referenced table while writes to both tables wait",
    "ADD CONSTRAINT … FOREIGN KEY … NOT VALID, then ALTER TABLE … VALIDATE CONSTRAINT in a separate transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on)",
    LintSeverity.Error, SizeAware: true))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        foreach (var constraint in statement.AddedConstraints())
        {
            if (ParseTree.Text(constraint, "contype") == "CONSTR_FOREIGN" && !ParseTree.Flag(constraint, "skip_validation"))
            {
                var referenced = LintStatement.Table(ParseTree.Field(constraint, "pktable"));
                yield return new($"FOREIGN KEY on {statement.AlteredTable} referencing {referenced} validated at once", statement.AlteredTable);
            }
        }
    }
}
