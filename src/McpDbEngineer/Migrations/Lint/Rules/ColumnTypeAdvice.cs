namespace McpDbEngineer.Migrations.Lint.Rules;

/// <summary>Advice on the type of a column a migration defines (CREATE TABLE or ADD COLUMN): no lock, a choice that is costly to undo later.</summary>
internal abstract class ColumnTypeAdvice(Func<ColumnDefinition, bool> matches, LintRuleInfo info) : LintRule(info)
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        foreach (var column in statement.Columns().Where(matches))
        {
            yield return new($"column {column.Table}.{column.Name} is {column.TypeName}", ByteOffset: column.ByteOffset);
        }
    }
}
