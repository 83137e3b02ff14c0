using McpDbEngineer.Sql;

namespace McpDbEngineer.Migrations.Lint;

/// <summary>A table's size as the database reported it; <paramref name="Exists"/> is false when the database has no such table.</summary>
/// <param name="Rows">The planner's estimate (pg_class.reltuples), null when the table was never analyzed.</param>
public sealed record TableSize(bool Exists, long Bytes, long? Rows);

/// <summary>One finding: where (1-based line and column, in UTF-16 characters), which rule, how bad, and about which table.</summary>
public sealed record LintFinding(LintRuleInfo Rule, LintSeverity Severity, int Line, int Column, string Message, SqlName? Table, TableSize? Size = null);

/// <summary>Where the parser stopped, 1-based.</summary>
public sealed record LintSyntaxError(int Line, int Column, string Message);

/// <summary>What linting one file found: its findings in file order, or the syntax error that stopped the parser.</summary>
public sealed record LintReport(string File, IReadOnlyList<LintFinding> Findings, LintSyntaxError? Error, int Statements)
{
    public int Count(LintSeverity severity) => Findings.Count(f => f.Severity == severity);
}
