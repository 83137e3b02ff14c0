using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class DropObject() : LintRule(new(
    "drop-object", "ACCESS EXCLUSIVE on the object", Rewrites: false,
    "whatever still uses it — queries, views, functions, the application — fails, and what it held (a sequence's position, a type's values) is gone",
    "stop using it first and drop it in a later migration; keep the down migration able to recreate it",
    LintSeverity.Warning))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        // Tables and indexes have rules of their own (drop-table, drop-index-without-concurrently).
        if (statement.Type == "DropStmt" && ParseTree.Text(statement.Body, "removeType") is var kind and not ("OBJECT_TABLE" or "OBJECT_INDEX"))
        {
            var names = ParseTree.Items(statement.Body, "objects").Select(o => string.Join('.', ParseTree.ObjectName(o)));
            yield return new($"DROP {ParseTree.ObjectWords(kind)} {string.Join(", ", names)}");
        }
    }
}
