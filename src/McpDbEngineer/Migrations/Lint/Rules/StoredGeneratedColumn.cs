namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class StoredGeneratedColumn() : LintRule(new(
    "stored-generated-column", "ACCESS EXCLUSIVE", Rewrites: true,
    "computes and writes the value into every existing row: the table is rewritten while no query can use it",
    "add a plain column, backfill it in batches and keep it current with a trigger (or compute it in a view or the query)",
    LintSeverity.Error, SizeAware: true))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        foreach (var column in statement.Columns().Where(c => c.AddedToExistingTable && c.Constraints("CONSTR_GENERATED").Any()))
        {
            yield return new($"ADD COLUMN {column.Name} GENERATED … STORED to {column.Table}", column.Table, column.ByteOffset);
        }
    }
}
