using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class ColumnTypeChange() : LintRule(new(
    "column-type-change", "ACCESS EXCLUSIVE", Rewrites: true,
    "rewrites the table and rebuilds its indexes (unless the types are binary compatible, as varchar(n) to a longer varchar or to text) while no query can use the table",
    "add a column of the new type, write both, backfill in batches, move the readers, then drop the old column",
    LintSeverity.Error, SizeAware: true))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        foreach (var (subtype, command) in statement.AlterCommands())
        {
            if (subtype == "AT_AlterColumnType")
            {
                yield return new($"ALTER COLUMN {ParseTree.Text(command, "name")} TYPE on {statement.AlteredTable}", statement.AlteredTable);
            }
        }
    }
}
