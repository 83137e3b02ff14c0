using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class EnumValueInTransaction() : LintRule(new(
    "enum-value-in-transaction", "none (the statement fails)", Rewrites: false,
    "before PostgreSQL 12, ALTER TYPE … ADD VALUE cannot run inside a transaction block: the migration fails",
    "put it in a migration of its own that runs without a transaction, or upgrade to PostgreSQL 12+ (where the new value is usable only after COMMIT)",
    LintSeverity.Error))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (statement.Type == "AlterEnumStmt" && ParseTree.Text(statement.Body, "newVal") is { } value && ParseTree.Text(statement.Body, "oldVal") is null
            && statement.InTransaction && statement.State.PostgresMajor < 12)
        {
            yield return new($"ADD VALUE '{value}' to {string.Join('.', ParseTree.Names(ParseTree.Field(statement.Body, "typeName")))} inside a transaction block on PostgreSQL {statement.State.PostgresMajor}");
        }
    }
}
