using System.Globalization;
using System.Text;
using McpDbEngineer.Answers;

namespace McpDbEngineer.Indexes.Vector;

/// <summary>Writes a <see cref="VectorAdvice"/> as the compact text an agent reads: facts, decision, DDL, rules with sources, measurements.</summary>
public static class VectorAdviceWriter
{
    public static string Write(VectorAdvice advice)
    {
        var (facts, goals, plan, measured) = (advice.Facts, advice.Goals, advice.Plan, advice.Measurement);
        var text = new StringBuilder();
        var dims = facts.Dimensions is { } d ? $"({d}{(facts.DimensionsDeclared ? "" : ", undeclared")})" : "";
        text.Append(CultureInfo.InvariantCulture,
            $"{facts.Table}.{facts.Column}: {facts.Type}{dims}, {Units.Rows(facts.Rows)} rows, {facts.WritesPerSecond:0.###} writes/s, pgvector {facts.PgvectorVersion}, maintenance_work_mem {Units.Kb(facts.MaintenanceWorkMemKb)}\n");
        text.Append(CultureInfo.InvariantCulture, $"workload: {facts.WorkloadSource}");
        if (facts.Operators.Count > 0)
        {
            text.Append("; distances: ").AppendJoin(", ", facts.Operators.Select(o => $"{o.Operator} {Units.Count(o.Calls)} calls"));
        }

        if (facts.Filters.Count > 0)
        {
            text.Append("; filters: ").AppendJoin(", ", facts.Filters);
        }

        text.Append('\n');
        foreach (var index in facts.Indexes)
        {
            text.Append(CultureInfo.InvariantCulture, $"existing: {index.Name} {index.Method} {index.OperatorClass} {Units.Bytes(index.Bytes)}\n");
        }

        if (plan.Method == "none")
        {
            text.Append(CultureInfo.InvariantCulture, $"decision: no index — exact search (ORDER BY {plan.OrderBy} LIMIT {goals.K})\n");
        }
        else
        {
            var parameters = plan.Hnsw is { } h ? $"m = {h.M}, ef_construction = {h.EfConstruction}" : $"lists = {plan.Ivfflat!.Lists}";
            text.Append(CultureInfo.InvariantCulture, $"decision: {plan.Method} on {plan.IndexExpression} {plan.OperatorClass} ({parameters})\n");
            if (plan.CreateIndex is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {plan.CreateIndex};\n");
            }

            if (plan.Build is { } build)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"  build: ~{Seconds(build.Seconds)}{(build.Workers > 0 ? $" with {build.Workers} workers" : "")}, ~{Units.Bytes(build.MemoryBytes)} memory, fits maintenance_work_mem: {(build.FitsMaintenanceWorkMem ? "yes" : "NO")} (estimates)\n");
            }

            text.Append("  search: ").AppendJoin("; ", plan.SearchSettings).Append(CultureInfo.InvariantCulture, $"; ORDER BY {plan.OrderBy} LIMIT {goals.K}\n");
        }

        text.Append("rules:\n");
        foreach (var rule in plan.Rules)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {rule.Id}: {rule.Text} [{rule.Source}]\n");
        }

        if (measured is not null)
        {
            WriteMeasurement(text, facts, goals, plan, measured);
        }

        return text.ToString().TrimEnd('\n');
    }

    private static void WriteMeasurement(StringBuilder text, VectorColumnFacts facts, VectorGoals goals, VectorIndexPlan plan, VectorMeasurement measured)
    {
        text.Append(CultureInfo.InvariantCulture,
            $"measured on shadow {measured.Shadow} (dropped): {Units.Count(measured.SampleRows)} sampled rows, {measured.Queries} queries ({measured.QuerySource}), recall@{measured.K} against exact search\n");
        text.Append(CultureInfo.InvariantCulture, $"  exact search: p50 {Units.Ms(measured.ExactP50Ms)}, p95 {Units.Ms(measured.ExactP95Ms)}, recall 1\n");
        foreach (var build in measured.Builds)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  {build.Method}: built in {Seconds(build.Seconds)}, {Units.Bytes(build.Bytes)} (on the target's {Units.Rows(facts.Rows)} rows ~{Seconds(ScaledSeconds(build, facts.Rows, measured.SampleRows))}, one worker)\n");
        }

        text.Append("  method\tsetting\tvalue\trecall\tp50\tp95\n");
        foreach (var trial in measured.Trials)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  {trial.Method}\t{trial.Setting}\t{trial.Value}\t{trial.Recall:0.###}\t{Units.Ms(trial.P50Ms)}\t{Units.Ms(trial.P95Ms)}\n");
        }

        var method = plan.Method == "none" ? "hnsw" : plan.Method;
        if (measured.Meeting(method, goals.TargetRecall) is { } meeting)
        {
            var latency = goals.LatencyMs is { } bound
                ? meeting.P95Ms <= bound ? $"; p95 within {Units.Ms(bound)}" : $"; p95 above {Units.Ms(bound)}: more CPU or a smaller k"
                : "";
            text.Append(CultureInfo.InvariantCulture,
                $"meets recall {goals.TargetRecall:0.###}: {meeting.Method} with SET {meeting.Setting} = {meeting.Value} (recall {meeting.Recall:0.###}, p50 {Units.Ms(meeting.P50Ms)}, p95 {Units.Ms(meeting.P95Ms)}){latency}\n");
        }
        else
        {
            var best = measured.Trials.Where(t => t.Method == method).MaxBy(t => t.Recall);
            text.Append(CultureInfo.InvariantCulture,
                $"no {method} setting tried reached recall {goals.TargetRecall:0.###} (best {best?.Recall ?? 0:0.###}): raise {(method == "hnsw" ? "m and ef_construction [pgvector README, HNSW > Index Options]" : "lists and probes [pgvector README, IVFFlat]")}, or keep exact search\n");
        }

        if (plan.Method == "none" && goals.LatencyMs is { } exactBound)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"exact search p95 {Units.Ms(measured.ExactP95Ms)} is {(measured.ExactP95Ms <= exactBound ? "within" : "above")} {Units.Ms(exactBound)}\n");
        }
    }

    /// <summary>
    /// A sample's build time scaled to the target's rows: HNSW inserts cost about log(n) each, IVFFlat compares every
    /// row with lists that grow with the rows (rows / 1000). An order of magnitude, like the estimate.
    /// </summary>
    public static double ScaledSeconds(VectorBuild build, double targetRows, long sampleRows)
    {
        var ratio = Math.Max(targetRows, 1) / Math.Max(sampleRows, 1);
        return build.Method == "hnsw"
            ? build.Seconds * ratio * Math.Log(Math.Max(targetRows, 2)) / Math.Log(Math.Max(sampleRows, 2))
            : build.Seconds * ratio * Math.Max(1, Math.Min(ratio, Math.Sqrt(Math.Max(targetRows, 1)) / Math.Max(sampleRows / 1000.0, 1)));
    }

    private static string Seconds(double seconds) => seconds switch
    {
        >= 3600 => (seconds / 3600).ToString("0.#", CultureInfo.InvariantCulture) + "h",
        >= 120 => (seconds / 60).ToString("0", CultureInfo.InvariantCulture) + "min",
        _ => seconds.ToString(seconds >= 10 ? "0" : "0.##", CultureInfo.InvariantCulture) + "s",
    };
}
