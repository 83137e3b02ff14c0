using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class DdlWithDataChange() : LintRule(new(
    "ddl-with-data-change", "the DDL's locks, held until the data change commits", Rewrites: false,
    "the locks the schema change took are held for as long as the data change runs, so a brief ALTER becomes a long outage",
    "commit the schema change first, then change the data in batches in migrations (or jobs) of their own",
    LintSeverity.Warning, SizeAware: true))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (statement.State.Transaction is { HasDdl: true } block
            && statement.Type is "UpdateStmt" or "DeleteStmt" or "InsertStmt" or "MergeStmt"
            && (statement.Type != "InsertStmt" || ParseTree.Has(ParseTree.Field(ParseTree.Field(statement.Body, "selectStmt"), "SelectStmt"), "fromClause"))
            && LintStatement.Table(ParseTree.Field(statement.Body, "relation")) is { } table)
        {
            yield return new($"{TreeScan.ModificationCommand(statement.Type)} on {table} in the same transaction as schema changes{(block.Explicit ? "" : " (the file runs in one)")}", table);
        }
    }
}
