using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class SetNotNull() : LintRule(new(
    "set-not-null", "ACCESS EXCLUSIVE", Rewrites: false,
    "scans the whole table for NULLs while no query, not even a read, can use the table",
    "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c; then SET NOT NULL (PostgreSQL 12+ uses the valid check and skips the scan) and DROP CONSTRAINT c",
    LintSeverity.Error, SizeAware: true))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        foreach (var (subtype, command) in statement.AlterCommands())
        {
            if (subtype == "AT_SetNotNull")
            {
                yield return new($"SET NOT NULL on {statement.AlteredTable}.{ParseTree.Text(command, "name")}", statement.AlteredTable);
            }
        }
    }
}
