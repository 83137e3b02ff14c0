using System.Text;
using McpDbEngineer.Answers;

namespace McpDbEngineer.Indexes;

/// <summary>Writes an <see cref="IndexReviewReport"/>: the statistics window first, then the findings of each kind, fixes first.</summary>
public static class IndexReviewWriter
{
    /// <summary>The kinds <see cref="IndexHygiene"/> reports, in the order an engineer fixes them.</summary>
    public static readonly string[] Kinds =
        ["invalid_index", "duplicate_index", "redundant_prefix_index", "fk_without_index", "unused_index", "low_selectivity_index", "bloated_index"];

    public static string Write(IndexReviewReport report)
    {
        var output = new StringBuilder();
        output.Append("scans counted since ")
            .Append(report.StatsReset is { } at ? $"{Units.Timestamp(at)} (pg_stat_database.stats_reset)" : "the cluster started (statistics never reset)")
            .Append("; bloat is an estimate from pg_class and pg_stats\n");
        if (report.Findings.Count == 0)
        {
            output.Append("findings: none\n");
            return output.ToString();
        }

        foreach (var kind in Kinds)
        {
            var findings = report.Findings.Where(f => f.Kind == kind).ToList();
            if (findings.Count > 0)
            {
                FindingList.Write(output, kind, findings);
            }
        }

        return output.ToString();
    }
}
