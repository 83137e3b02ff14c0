using System.Text;
using McpDbEngineer.Answers;
using McpDbEngineer.Plans;

namespace McpDbEngineer.Explain;

/// <summary>
/// Writes a plan as a compact indented tree, one line per node, with a header of the totals: what an agent
/// needs from EXPLAIN without the dozens of zero-valued fields of the JSON form.
/// </summary>
public static class PlanTreeWriter
{
    public static void WriteHeader(ExplainPlan plan, StringBuilder output)
    {
        if (plan.Analyzed)
        {
            output.Append("executed:");
            if (plan.PlanningTimeMs is { } planning)
            {
                output.Append(" planning ").Append(Units.Ms(planning)).Append(';');
            }

            if (plan.ExecutionTimeMs is { } execution)
            {
                output.Append(" execution ").Append(Units.Ms(execution)).Append(';');
            }

            output.Append(" total cost ").Append(Units.Cost(plan.TotalCost)).Append("; rows ").Append(Units.Rows(plan.Root.TotalRows));
            if (plan.JitTotalMs is { } jit)
            {
                output.Append("; jit ").Append(Units.Ms(jit)).Append(" (").Append(plan.JitFunctions).Append(" functions)");
            }
        }
        else
        {
            output.Append("estimated (not executed): total cost ").Append(Units.Cost(plan.TotalCost))
                .Append("; rows ").Append(Units.Rows(plan.Root.PlanRows));
        }

        output.Append('\n');
        if (plan.Settings is { } settings)
        {
            // EXPLAIN (SETTINGS) lists only what differs from the defaults: an empty list is an answer, not silence.
            output.Append("settings: ").Append(settings.Count > 0 ? string.Join(", ", settings.Select(s => $"{s.Key}={s.Value}")) : "all defaults").Append('\n');
        }

        foreach (var trigger in plan.Triggers)
        {
            output.Append("trigger ").Append(trigger.Name);
            if (trigger.Relation is not null)
            {
                output.Append(" on ").Append(trigger.Relation);
            }

            output.Append(": ").Append(Units.Ms(trigger.TimeMs)).Append(", ").Append(Units.Rows(trigger.Calls)).Append(" calls\n");
        }
    }

    public static void WriteTree(ExplainPlan plan, StringBuilder output, string title = "plan")
    {
        output.Append(title).Append(plan.Analyzed
            ? " (rows estimated→actual per loop; time includes children and all loops, below a Gather per process):\n"
            : " (rows estimated per loop; cost includes children):\n");
        WriteNode(plan.Root, 0, output);
    }

    private static void WriteNode(PlanNode node, int depth, StringBuilder output)
    {
        output.Append(' ', depth * 2);
        WriteNodeLine(node, output);
        output.Append('\n');
        foreach (var child in node.Children)
        {
            WriteNode(child, depth + 1, output);
        }
    }

    /// <summary>One node on one line: what it is, what it reads, rows, time, then the details that explain it.</summary>
    public static void WriteNodeLine(PlanNode node, StringBuilder output)
    {
        if (node.SubplanName is { } subplan)
        {
            output.Append(subplan).Append(": ");
        }

        output.Append(node.Label);
        AppendTarget(node, output);

        output.Append("; rows ").Append(Units.Rows(node.PlanRows));
        if (node.NeverExecuted)
        {
            output.Append("→never executed");
            return;
        }

        if (node.Analyzed)
        {
            output.Append('→').Append(Units.Rows(node.ActualRows!.Value));
            if (node.ActualLoops > 1)
            {
                output.Append("; loops ").Append(Units.Rows(node.ActualLoops));
            }

            if (node.TotalTimeMs is { } time)
            {
                output.Append("; ").Append(Units.Ms(time));
                if (node.ParallelProcesses > 1)
                {
                    output.Append(" (").Append(Units.Rows(node.ParallelProcesses)).Append(" processes' total ").Append(Units.Ms(node.ProcessTimeMs!.Value)).Append(')');
                }
            }
        }
        else
        {
            output.Append("; cost ").Append(Units.Cost(node.TotalCost));
        }

        if (node.WorkersPlanned is { } planned)
        {
            output.Append("; workers ").Append(node.WorkersLaunched is { } launched ? $"{launched}/{planned}" : planned);
        }

        foreach (var (label, text) in node.Conditions)
        {
            output.Append("; ").Append(label.ToLowerInvariant()).Append(' ').Append(ShortText.Condition(text));
            var removed = label switch
            {
                "Filter" => node.RowsRemovedByFilter,
                "Join Filter" => node.RowsRemovedByJoinFilter,
                "Recheck Cond" => node.RowsRemovedByIndexRecheck,
                _ => 0,
            };
            if (removed > 0)
            {
                output.Append(" (removed ").Append(Units.Rows(removed)).Append(')');
            }
        }

        if (node.HeapFetches is > 0 and var fetches)
        {
            output.Append("; heap fetches ").Append(Units.Rows(fetches));
        }

        if (node.SortKey.Count > 0)
        {
            output.Append("; sort ").AppendJoin(", ", node.SortKey);
        }

        if (node.SortMethod is { } method)
        {
            output.Append("; ").Append(method);
            if (node.SortSpaceKb is { } space)
            {
                output.Append(' ').Append(Units.Kb(space)).Append(' ').Append(node.SortSpaceType?.ToLowerInvariant());
            }
        }

        if (node.GroupKey.Count > 0)
        {
            output.Append("; by ").AppendJoin(", ", node.GroupKey);
        }

        if (node.HashBatches is > 1 and var batches)
        {
            output.Append("; batches ").Append(Units.Rows(batches));
            if (node.OriginalHashBatches is { } original && original != batches)
            {
                output.Append(" (planned ").Append(Units.Rows(original)).Append(')');
            }
        }

        if (node.HashAggBatches is > 1 and var aggBatches)
        {
            output.Append("; batches ").Append(Units.Rows(aggBatches));
        }

        if (node.PeakMemoryKb is { } memory)
        {
            output.Append("; mem ").Append(Units.Kb(memory));
        }

        if (node.DiskUsageKb is > 0 and var disk)
        {
            output.Append("; disk ").Append(Units.Kb(disk));
        }

        AppendBuffers(node.Buffers, output);
    }

    private static void AppendTarget(PlanNode node, StringBuilder output)
    {
        if (node.IndexName is { } index)
        {
            output.Append(" using ").Append(index);
        }

        if (node.QualifiedRelation is { } relation)
        {
            output.Append(" on ").Append(relation);
            if (node.Alias is { } alias && alias != node.Relation)
            {
                output.Append(' ').Append(alias);
            }
        }
        else if (node.Source is { } source)
        {
            output.Append(" on ").Append(source);
            if (node.Alias is { } alias && alias != source)
            {
                output.Append(' ').Append(alias);
            }
        }
        else if (node.NodeType == "Subquery Scan" && node.Alias is { } alias)
        {
            output.Append(" on ").Append(alias);
        }
    }

    private static void AppendBuffers(BufferCounts buffers, StringBuilder output)
    {
        if (buffers.IsEmpty)
        {
            return;
        }

        output.Append("; buffers");
        Append("hit", buffers.SharedHit);
        Append("read", buffers.SharedRead);
        Append("dirtied", buffers.SharedDirtied);
        Append("written", buffers.SharedWritten);
        Append("temp read", buffers.TempRead);
        Append("temp written", buffers.TempWritten);

        void Append(string name, long blocks)
        {
            if (blocks > 0)
            {
                output.Append(' ').Append(name).Append(' ').Append(blocks);
            }
        }
    }
}
