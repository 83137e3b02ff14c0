using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class DropColumn() : LintRule(new(
    "drop-column", "ACCESS EXCLUSIVE (brief)", Rewrites: false,
    "destroys the column's data, and application code still reading or writing it (an ORM's SELECT * or INSERT list) fails until redeployed",
    "stop using the column in the code first (ORMs: mark it ignored), deploy, then drop it in a later migration after a backup",
    LintSeverity.Warning))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        foreach (var (subtype, command) in statement.AlterCommands())
        {
            if (subtype == "AT_DropColumn")
            {
                yield return new($"DROP COLUMN {ParseTree.Text(command, "name")} of {statement.AlteredTable}", statement.AlteredTable);
            }
        }
    }
}
