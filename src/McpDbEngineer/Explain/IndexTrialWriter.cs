using System.Text;
using McpDbEngineer.Answers;
using McpDbEngineer.Indexes;
using McpDbEngineer.Plans;

namespace McpDbEngineer.Explain;

/// <summary>Writes hypopg trials as one line each: the statement, hypopg's name for it, cost before→after and how the plan used it.</summary>
public static class IndexTrialWriter
{
    public static void Write(string heading, ExplainPlan baseline, IReadOnlyList<IndexTrial> trials, StringBuilder output)
    {
        output.Append(heading).Append(" (hypopg: planner only, nothing built; total cost before→after):\n");
        foreach (var trial in trials)
        {
            output.Append(trial.Statement);
            if (trial.IndexName is { } name)
            {
                output.Append(" as ").Append(name);
            }

            output.Append(": ").Append(Units.Cost(baseline.TotalCost)).Append('→').Append(Units.Cost(trial.Cost))
                .Append(" (").Append(Change(baseline.TotalCost, trial.Cost)).Append("), ").Append(trial.Use).Append('\n');
        }
    }

    /// <summary>The plan of a trial, with hypopg's names as they appear in the trial lines.</summary>
    public static void WriteTree(ExplainPlan plan, string title, StringBuilder output)
    {
        var tree = new StringBuilder();
        PlanTreeWriter.WriteTree(plan, tree, title);
        output.Append(HypotheticalIndexes.StableNames(tree.ToString()));
    }

    private static string Change(double before, double after)
    {
        var change = before == 0 ? 0 : (after - before) / before;
        return (change > 0 ? "+" : change < 0 ? "-" : "") + Units.Percent(Math.Abs(change));
    }
}
