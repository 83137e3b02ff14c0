using System.Text;
using McpDbEngineer.Plans;

namespace McpDbEngineer.Explain;

/// <summary>A plan and what <see cref="PlanAnalyzer"/> found in it, written as the text an agent reads.</summary>
public sealed record PlanReport(ExplainPlan Plan, IReadOnlyList<PlanFinding> Findings)
{
    /// <summary>More findings than this are cut: the first ones matter most and each costs tokens.</summary>
    private const int MaxFindings = 10;

    public void Write(StringBuilder output)
    {
        PlanTreeWriter.WriteHeader(Plan, output);
        PlanTreeWriter.WriteTree(Plan, output);
        if (Findings.Count == 0)
        {
            output.Append(Plan.Analyzed ? "findings: none\n" : "findings (estimate-based): none\n");
            return;
        }

        output.Append(Plan.Analyzed
            ? "findings (measured):\n"
            : "findings (estimate-based: the query was not executed; analyze=true measures them):\n");
        foreach (var finding in Findings.Take(MaxFindings))
        {
            output.Append(finding).Append('\n');
        }

        if (Findings.Count > MaxFindings)
        {
            output.Append('(').Append(Findings.Count - MaxFindings).Append(" further findings cut; fix these first)\n");
        }
    }

    public override string ToString()
    {
        var output = new StringBuilder();
        Write(output);
        return output.ToString();
    }
}
