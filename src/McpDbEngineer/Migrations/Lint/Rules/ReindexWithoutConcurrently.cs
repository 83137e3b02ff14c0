using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class ReindexWithoutConcurrently() : LintRule(new(
    "reindex-without-concurrently", "SHARE on the table, ACCESS EXCLUSIVE on each index", Rewrites: true,
    "rebuilds the indexes while writes to the table wait, and queries that would use an index being rebuilt wait too",
    "REINDEX … CONCURRENTLY (PostgreSQL 12+), outside a transaction block",
    LintSeverity.Error, SizeAware: true))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (statement.Type == "ReindexStmt" && !statement.Concurrent)
        {
            var kind = ParseTree.Text(statement.Body, "kind");
            var relation = ParseTree.Field(statement.Body, "relation");
            var table = kind == "REINDEX_OBJECT_TABLE" ? LintStatement.Table(relation) : null;
            var what = kind?.Replace("REINDEX_OBJECT_", "", StringComparison.Ordinal) ?? "INDEX";
            yield return new($"REINDEX {what} {LintStatement.Table(relation)?.ToString() ?? ParseTree.Text(statement.Body, "name")} without CONCURRENTLY", table);
        }
    }
}
