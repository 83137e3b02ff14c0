using System.Text;

namespace McpDbEngineer.Migrations.Lint.Output;

/// <summary>GitHub Actions workflow commands (::error file=…,line=…,col=…::…): the findings appear on the pull request's diff.</summary>
public static class GitHubAnnotations
{
    public static string Write(IReadOnlyList<LintReport> reports)
    {
        var output = new StringBuilder();
        foreach (var report in reports)
        {
            foreach (var finding in report.Findings)
            {
                var size = finding.Size is { } s ? $" [{finding.Table}: {TableSizeGrade.Describe(s)}]" : "";
                output.Append($"::{Command(finding.Severity)} file={Property(report.File)},line={finding.Line},col={finding.Column},title={Property(finding.Rule.Id)}::")
                    .Append(Data($"{finding.Message}{size}. {LintTextWriter.Lock(finding.Rule)}: {finding.Rule.Why}. Instead: {finding.Rule.SafeForm}"))
                    .Append('\n');
            }
        }

        return output.ToString();
    }

    private static string Command(LintSeverity severity) => severity switch
    {
        LintSeverity.Error => "error",
        LintSeverity.Warning => "warning",
        _ => "notice",
    };

    // The escapes GitHub's runner reads back (toolkit/core command.ts).
    private static string Data(string text) => text.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    private static string Property(string text) => Data(text).Replace(":", "%3A").Replace(",", "%2C");
}
