using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class VacuumFull() : LintRule(new(
    "vacuum-full", "ACCESS EXCLUSIVE", Rewrites: true,
    "rewrites the whole table and its indexes into new files while no query, not even a read, can use it, and needs room for a second copy",
    "plain VACUUM (no lock on reads or writes); to give space back, pg_repack or pg_squeeze rebuild the table online",
    LintSeverity.Error, SizeAware: true))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (statement.Type != "VacuumStmt" || !statement.Option("full"))
        {
            yield break;
        }

        var relations = ParseTree.Items(statement.Body, "rels").ToList();
        if (relations.Count == 0)
        {
            yield return new("VACUUM FULL of every table of the database");
        }

        foreach (var relation in relations)
        {
            var table = ParseTree.TryNode(relation, out _, out var body) ? LintStatement.Table(ParseTree.Field(body, "relation")) : null;
            yield return new($"VACUUM FULL {table}", table);
        }
    }
}
