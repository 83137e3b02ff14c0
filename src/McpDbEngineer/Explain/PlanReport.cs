using System.Text;
using McpDbEngineer.Answers;
using McpDbEngineer.Indexes;
using McpDbEngineer.Plans;

namespace McpDbEngineer.Explain;

/// <summary>A plan and what <see cref="PlanAnalyzer"/> found in it, written as the text an agent reads.</summary>
/// <param name="Candidates">The indexes the findings propose, in their order: explain_query proves them with hypopg.</param>
public sealed record PlanReport(ExplainPlan Plan, IReadOnlyList<Finding> Findings, IReadOnlyList<IndexCandidate> Candidates)
{
    public void Write(StringBuilder output)
    {
        PlanTreeWriter.WriteHeader(Plan, output);
        PlanTreeWriter.WriteTree(Plan, output);
        var heading = (Plan.Analyzed, Findings.Count) switch
        {
            (true, 0) => "findings",
            (false, 0) => "findings (estimate-based)",
            (true, _) => "findings (measured)",
            (false, _) => "findings (estimate-based: the query was not executed; analyze=true measures them)",
        };
        FindingList.Write(output, heading, Findings);
    }

    public override string ToString()
    {
        var output = new StringBuilder();
        Write(output);
        return output.ToString();
    }
}
