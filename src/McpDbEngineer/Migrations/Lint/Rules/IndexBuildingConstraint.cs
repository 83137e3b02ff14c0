using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

/// <summary>A constraint that builds its index while ALTER TABLE holds ACCESS EXCLUSIVE: PRIMARY KEY, UNIQUE or EXCLUDE.</summary>
internal abstract class IndexBuildingConstraint(string contype, string words, LintRuleInfo info) : LintRule(info)
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        foreach (var constraint in statement.AddedConstraints())
        {
            // USING INDEX adopts an index built before (CONCURRENTLY): no build under the lock.
            if (ParseTree.Text(constraint, "contype") == contype && ParseTree.Text(constraint, "indexname") is null)
            {
                yield return new($"ADD {words} on {statement.AlteredTable} builds its index under the lock", statement.AlteredTable);
            }
        }
    }
}
