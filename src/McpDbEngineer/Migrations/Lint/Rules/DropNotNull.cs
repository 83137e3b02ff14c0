using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class DropNotNull() : LintRule(new(
    "drop-not-null", "ACCESS EXCLUSIVE (brief)", Rewrites: false,
    "running code that assumes the column is never NULL starts reading NULLs written by newer code",
    "deploy code that handles NULL first, then drop the constraint",
    LintSeverity.Warning))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        foreach (var (subtype, command) in statement.AlterCommands())
        {
            if (subtype == "AT_DropNotNull")
            {
                yield return new($"DROP NOT NULL on {statement.AlteredTable}.{ParseTree.Text(command, "name")}", statement.AlteredTable);
            }
        }
    }
}
