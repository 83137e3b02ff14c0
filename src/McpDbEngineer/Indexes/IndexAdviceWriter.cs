using System.Text;
using McpDbEngineer.Answers;

namespace McpDbEngineer.Indexes;

/// <summary>Writes <see cref="IndexAdvice"/> as the text an agent reads: the DDL first, then the numbers behind it.</summary>
public static class IndexAdviceWriter
{
    private const int QueryTextLength = 100;

    public static string Write(IndexAdvice advice)
    {
        var output = new StringBuilder();
        var limits = advice.Limits;
        output.Append("workload: ").Append(advice.Source).Append("; total cost ").Append(Units.Cost(advice.TotalBefore)).Append('→')
            .Append(Units.Cost(advice.TotalAfter)).Append(" (").Append(Change(advice.TotalBefore, advice.TotalAfter)).Append(")\n")
            .Append("limits: max_indexes ").Append(limits.MaxIndexes).Append(", size_budget_mb ").Append(Units.Cost(limits.SizeBudgetMb))
            .Append(", min_gain_percent ").Append(Units.Cost(limits.MinGainPercent)).Append('\n');
        if (advice.Indexes.Count == 0)
        {
            output.Append("indexes: none worth building for these queries\n");
        }
        else
        {
            output.Append("indexes (planner estimates: hypopg, or GIN built on a shadow copy; nothing built on this database; in this order):\n");
            foreach (var index in advice.Indexes)
            {
                output.Append(index.Ddl).Append(";  -- ~").Append(Units.Bytes(index.SizeBytes)).Append(", cuts ").Append(Units.Cost(index.Gain))
                    .Append(" (").Append(Units.Percent(advice.TotalBefore == 0 ? 0 : index.Gain / advice.TotalBefore)).Append("), helps ").Append(string.Join(", ", index.Helped))
                    .Append(index.Proof is null ? "" : "; " + index.Proof).Append('\n');
            }
        }

        if (advice.Unproven.Count > 0)
        {
            output.Append("unproven (the queries seem to need them; build on a copy and compare plans first):\n");
            foreach (var index in advice.Unproven)
            {
                output.Append(index.Ddl).Append(";  -- for ").Append(string.Join(", ", index.For)).Append(": ").Append(index.Reason).Append('\n');
            }
        }

        output.Append("queries (cost before→after, weight, index read):\n");
        foreach (var query in advice.Queries)
        {
            output.Append(query.Label).Append(": ").Append(Units.Cost(query.Before)).Append('→').Append(Units.Cost(query.After))
                .Append(" (").Append(Change(query.Before, query.After)).Append(')');
            if (query.Weight != 1)
            {
                output.Append(" ×").Append(Units.Rows(query.Weight));
            }

            output.Append(query.IndexesUsed.Count > 0 ? ", reads " + string.Join(", ", query.IndexesUsed) : "")
                .Append(query.Generic ? ", generic plan" : "").Append(" | ").Append(ShortText.Cell(query.Text, QueryTextLength)).Append('\n');
        }

        if (advice.Rejected.Count > 0)
        {
            output.Append("rejected:\n");
            foreach (var rejected in advice.Rejected)
            {
                output.Append(rejected.Sql).Append(": ").Append(rejected.Reason).Append('\n');
            }
        }

        foreach (var skipped in advice.Skipped)
        {
            output.Append("skipped ").Append(skipped.Label).Append(": ").Append(skipped.Reason).Append(" | ").Append(ShortText.Cell(skipped.Text, QueryTextLength)).Append('\n');
        }

        return output.ToString();
    }

    private static string Change(double before, double after)
    {
        var change = before == 0 ? 0 : (after - before) / before;
        return (change > 0 ? "+" : change < 0 ? "-" : "") + Units.Percent(Math.Abs(change));
    }
}
