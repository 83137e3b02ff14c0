namespace McpDbEngineer.Migrations.Lint.Rules;

/// <summary>Advice on the type of a column a migration defines (CREATE TABLE or ADD COLUMN): no lock, a choice that is costly to undo later.</summary>
internal abstract class ColumnTypeAdvice(Func<ColumnDefinition, bool> matches, LintRuleInfo info) : LintRule(info)
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        foreach (var column in statement.Columns().Where(matches))
        {
            yield return new($"column {column.Table}.{column.Name} is {Written(column.TypeName)}", ByteOffset: column.ByteOffset);
        }
    }

    // The parser's internal names, as people write them.
    private static string Written(string typeName) => typeName switch
    {
        "bpchar" => "char(n)",
        "varchar" => "varchar(n)",
        "timestamp" => "timestamp without time zone",
        _ => typeName,
    };
}
