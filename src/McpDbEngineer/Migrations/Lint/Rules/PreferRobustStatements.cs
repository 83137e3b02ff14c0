using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class PreferRobustStatements() : LintRule(new(
    "prefer-robust-statements", "none", Rewrites: false,
    "outside a transaction a failure halfway leaves part of the file applied, and running it again then fails on what already exists (CONCURRENTLY must run outside one)",
    "IF NOT EXISTS on CREATE TABLE / INDEX / ADD COLUMN, IF EXISTS on DROP, so that the file can be run again",
    LintSeverity.Note))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (statement.InTransaction)
        {
            yield break;
        }

        var body = statement.Body;
        var fragile = statement.Type switch
        {
            "CreateStmt" or "IndexStmt" or "CreateSeqStmt" or "CreateSchemaStmt" => !ParseTree.Flag(body, "if_not_exists") ? "CREATE without IF NOT EXISTS" : null,
            "DropStmt" => !ParseTree.Flag(body, "missing_ok") ? "DROP without IF EXISTS" : null,
            _ => statement.AlterCommands().Any(c => c.Subtype == "AT_AddColumn" && !ParseTree.Flag(c.Command, "missing_ok")) ? "ADD COLUMN without IF NOT EXISTS"
                : statement.AlterCommands().Any(c => c.Subtype is "AT_DropColumn" or "AT_DropConstraint" && !ParseTree.Flag(c.Command, "missing_ok")) ? "DROP without IF EXISTS"
                : null,
        };
        if (fragile is not null)
        {
            yield return new($"{fragile}, outside a transaction");
        }
    }
}
