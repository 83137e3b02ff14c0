using System.Text;

namespace McpDbEngineer.Answers;

/// <summary>Findings written under one heading, most important first, cut after a few: each costs tokens and the first ones matter most.</summary>
public static class FindingList
{
    public const int MaxShown = 10;

    /// <param name="heading">The heading, written as "heading:" above the findings or "heading: none".</param>
    public static void Write(StringBuilder output, string heading, IReadOnlyList<Finding> findings, int maxShown = MaxShown)
    {
        if (findings.Count == 0)
        {
            output.Append(heading).Append(": none\n");
            return;
        }

        output.Append(heading).Append(":\n");
        foreach (var finding in findings.Take(maxShown))
        {
            output.Append(finding).Append('\n');
        }

        if (findings.Count > maxShown)
        {
            output.Append('(').Append(findings.Count - maxShown).Append(" further findings cut; fix these first)\n");
        }
    }
}
