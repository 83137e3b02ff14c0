namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class AddPrimaryKeyWithoutIndex() : IndexBuildingConstraint("CONSTR_PRIMARY", "PRIMARY KEY", new(
    "add-primary-key-without-index", "ACCESS EXCLUSIVE", Rewrites: false,
    "builds the unique index (and checks the columns for NULLs) while no query, not even a read, can use the table",
    "CREATE UNIQUE INDEX CONCURRENTLY …, then ALTER TABLE … ADD CONSTRAINT … PRIMARY KEY USING INDEX …",
    LintSeverity.Error, SizeAware: true));
