using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class UnboundedDataChange() : LintRule(new(
    "unbounded-data-change", "ROW EXCLUSIVE, and a row lock on every row", Rewrites: false,
    "touches every row in one transaction: every row stays locked against other writers until it commits, a table's worth of dead rows and WAL piles up, and replicas fall behind",
    "backfill in batches by key range (UPDATE … WHERE id BETWEEN … AND …), each batch its own transaction, outside the schema migration",
    LintSeverity.Error, SizeAware: true))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (statement.Type is "UpdateStmt" or "DeleteStmt" && TreeScan.AffectsAllRows(statement.Type, statement.Body)
            && LintStatement.Table(ParseTree.Field(statement.Body, "relation")) is { } table)
        {
            yield return new($"{TreeScan.ModificationCommand(statement.Type)} of every row of {table} (no WHERE that names a column)", table);
        }
    }
}
