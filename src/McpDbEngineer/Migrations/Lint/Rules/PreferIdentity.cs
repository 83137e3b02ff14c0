namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class PreferIdentity() : ColumnTypeAdvice(
    c => c.TypeName is "serial" or "bigserial" or "smallserial" or "serial2" or "serial4" or "serial8",
    new("prefer-identity", "none", Rewrites: false,
        "serial makes a sequence owned loosely by the column: its permissions, ownership and copies (CREATE TABLE LIKE, dumps into other schemas) drift apart, and serial (int) runs out at 2.1 billion",
        "bigint GENERATED ALWAYS AS IDENTITY (or BY DEFAULT while old code still inserts ids)",
        LintSeverity.Warning));
