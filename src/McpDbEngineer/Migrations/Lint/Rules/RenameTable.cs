using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class RenameTable() : LintRule(new(
    "rename-table", "ACCESS EXCLUSIVE (brief)", Rewrites: false,
    "every running application instance and query that names the old table fails from the moment it commits until all are redeployed",
    "create the new name as a view over the table (or the reverse) for the transition, move the code, then rename and drop the view",
    LintSeverity.Warning))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (statement.Type == "RenameStmt" && ParseTree.Text(statement.Body, "renameType") == "OBJECT_TABLE"
            && LintStatement.Table(ParseTree.Field(statement.Body, "relation")) is { } table)
        {
            yield return new($"RENAME {table} to {ParseTree.Text(statement.Body, "newname")}", table);
        }
    }
}
