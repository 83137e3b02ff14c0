namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class PreferJsonb() : ColumnTypeAdvice(
    c => c.TypeName == "json",
    new("prefer-jsonb", "none", Rewrites: false,
        "json is stored as text and parsed on every read, cannot be indexed with GIN, and has no equality operator (DISTINCT, GROUP BY, UNION fail); changing the type later rewrites the table",
        "jsonb (unless the exact text, key order or duplicate keys must be kept)",
        LintSeverity.Warning));
