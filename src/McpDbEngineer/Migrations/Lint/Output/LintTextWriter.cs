using System.Text;

namespace McpDbEngineer.Migrations.Lint.Output;

/// <summary>
/// The compact answer: a summary line per file, then one finding a line with line:column. Why a rule hurts and the
/// safe form are written the first time the rule fires in a file; later findings of it say only what and where.
/// </summary>
public static class LintTextWriter
{
    /// <param name="maxFindings">Findings written per file, the most severe first when some are cut; null writes all (the CLI).</param>
    public static string Write(IReadOnlyList<LintReport> reports, string? sizes, int? maxFindings = null)
    {
        var output = new StringBuilder();
        foreach (var report in reports)
        {
            if (report.Error is { } error)
            {
                output.Append($"{report.File}:{error.Line}:{error.Column}: syntax error: {error.Message}; nothing was linted, fix the SQL\n");
                continue;
            }

            output.Append($"{report.File}: {Plural(report.Count(LintSeverity.Error), "error")}, {Plural(report.Count(LintSeverity.Warning), "warning")}, " +
                          $"{Plural(report.Count(LintSeverity.Note), "note")} in {Plural(report.Statements, "statement")}");
            output.Append(sizes is null ? "\n" : $" ({sizes})\n");
            var explained = new HashSet<string>();
            var shown = maxFindings is { } max && report.Findings.Count > max
                ? report.Findings.OrderByDescending(f => f.Severity).Take(max).OrderBy(f => f.Line).ThenBy(f => f.Column).ToList()
                : report.Findings;
            foreach (var finding in shown)
            {
                output.Append($"{finding.Line}:{finding.Column} {Severity(finding.Severity)} {finding.Rule.Id}: {finding.Message}");
                if (finding.Size is { } size)
                {
                    output.Append($" [{finding.Table}: {TableSizeGrade.Describe(size)}]");
                }

                if (explained.Add(finding.Rule.Id))
                {
                    output.Append($". {Lock(finding.Rule)}: {finding.Rule.Why} → {finding.Rule.SafeForm}");
                }

                output.Append('\n');
            }

            if (shown.Count < report.Findings.Count)
            {
                output.Append($"({report.Findings.Count - shown.Count} less severe findings cut; fix these first, or lint fewer statements at a time)\n");
            }
        }

        return output.ToString();
    }

    public static string Severity(LintSeverity severity) => severity switch
    {
        LintSeverity.Error => "error",
        LintSeverity.Warning => "warning",
        _ => "note",
    };

    /// <summary>"ACCESS EXCLUSIVE lock, rewrites the table" or "no lock".</summary>
    public static string Lock(LintRuleInfo rule) =>
        (rule.Lock == "none" ? "no lock" : $"lock {rule.Lock}") + (rule.Rewrites ? ", rewrites the table" : "");

    private static string Plural(int count, string word) => $"{count} {word}{(count == 1 ? "" : "s")}";
}
