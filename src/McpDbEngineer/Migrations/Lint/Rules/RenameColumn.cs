using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class RenameColumn() : LintRule(new(
    "rename-column", "ACCESS EXCLUSIVE (brief)", Rewrites: false,
    "every running application instance and query that names the old column fails from the moment it commits until all are redeployed",
    "add the new column, write both, backfill, move the readers, drop the old one in a later release (or keep a view with the old name)",
    LintSeverity.Warning))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (statement.Type == "RenameStmt" && ParseTree.Text(statement.Body, "renameType") == "OBJECT_COLUMN"
            && LintStatement.Table(ParseTree.Field(statement.Body, "relation")) is { } table)
        {
            yield return new($"RENAME COLUMN {ParseTree.Text(statement.Body, "subname")} of {table} to {ParseTree.Text(statement.Body, "newname")}", table);
        }
    }
}
