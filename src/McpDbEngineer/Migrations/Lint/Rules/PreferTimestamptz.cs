namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class PreferTimestamptz() : ColumnTypeAdvice(
    c => c.TypeName == "timestamp",
    new("prefer-timestamptz", "none", Rewrites: false,
        "timestamp without time zone stores wall-clock time with no zone: values written by sessions in different zones cannot be compared, and changing the type later rewrites the table",
        "timestamptz (timestamp with time zone): stores an instant, shows it in the session's zone",
        LintSeverity.Warning));
