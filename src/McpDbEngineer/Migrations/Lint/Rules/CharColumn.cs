namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class CharColumn() : ColumnTypeAdvice(
    c => c.TypeName == "bpchar",
    new("char-column", "none", Rewrites: false,
        "char(n) pads every value with spaces to n characters, stores and compares them padded, and is no faster than text",
        "text (with a CHECK on the length if a fixed length is a real rule)",
        LintSeverity.Warning));
