namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class AddExclusionConstraint() : IndexBuildingConstraint("CONSTR_EXCLUSION", "EXCLUDE constraint", new(
    "add-exclusion-constraint", "ACCESS EXCLUSIVE", Rewrites: false,
    "builds the index and checks every pair of rows while no query can use the table; there is no concurrent form",
    "create it with the table, or on a copy that is swapped in; otherwise at a quiet time with a short lock_timeout",
    LintSeverity.Error, SizeAware: true));
