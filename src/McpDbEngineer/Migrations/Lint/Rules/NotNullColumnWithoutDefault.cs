namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class NotNullColumnWithoutDefault() : LintRule(new(
    "not-null-column-without-default", "ACCESS EXCLUSIVE", Rewrites: false,
    "fails on a table that has rows (they would all be NULL), and old application code that inserts without the column fails too",
    "add it nullable (or NOT NULL with a constant DEFAULT), backfill, then enforce NOT NULL as set-not-null describes",
    LintSeverity.Error))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        foreach (var column in statement.Columns().Where(c => c.AddedToExistingTable))
        {
            var notNull = column.Constraints("CONSTR_NOTNULL").Any() || column.Constraints("CONSTR_PRIMARY").Any();
            var filled = column.Constraints("CONSTR_DEFAULT").Any() || column.Constraints("CONSTR_IDENTITY").Any()
                || column.Constraints("CONSTR_GENERATED").Any() || column.TypeName.Contains("serial", StringComparison.Ordinal);
            if (notNull && !filled)
            {
                yield return new($"ADD COLUMN {column.Name} NOT NULL without a default to {column.Table}", column.Table, column.ByteOffset);
            }
        }
    }
}
