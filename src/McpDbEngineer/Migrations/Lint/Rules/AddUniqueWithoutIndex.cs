namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class AddUniqueWithoutIndex() : IndexBuildingConstraint("CONSTR_UNIQUE", "UNIQUE", new(
    "add-unique-without-index", "ACCESS EXCLUSIVE", Rewrites: false,
    "builds the unique index while no query, not even a read, can use the table",
    "CREATE UNIQUE INDEX CONCURRENTLY …, then ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX …",
    LintSeverity.Error, SizeAware: true));
