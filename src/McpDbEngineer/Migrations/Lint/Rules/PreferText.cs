using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class PreferText() : ColumnTypeAdvice(
    c => c.TypeName == "varchar" && ParseTree.Items(ParseTree.Field(c.Definition, "typeName"), "typmods").Any(),
    new("prefer-text", "none", Rewrites: false,
        "varchar(n) is no faster than text, and the limit is a business rule that changes: changing it takes ACCESS EXCLUSIVE (a shorter limit also scans every row)",
        "text, with a CHECK (char_length(col) <= n) NOT VALID where a limit is a real rule (a check is changed without a rewrite)",
        LintSeverity.Warning));
