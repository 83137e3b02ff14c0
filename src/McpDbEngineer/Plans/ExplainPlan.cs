using System.Text.Json;

namespace McpDbEngineer.Plans;

/// <summary>A trigger's share of an EXPLAIN ANALYZE of a write.</summary>
public sealed record TriggerTime(string Name, string? Relation, double TimeMs, double Calls);

/// <summary>The whole output of one EXPLAIN (FORMAT JSON [, ANALYZE, BUFFERS, SETTINGS]).</summary>
public sealed class ExplainPlan
{
    public required PlanNode Root { get; init; }

    /// <summary>True when the statement was executed (EXPLAIN ANALYZE): actual rows and times are known.</summary>
    public bool Analyzed => Root.Analyzed;

    public double? PlanningTimeMs { get; init; }

    public double? ExecutionTimeMs { get; init; }

    public double? JitTotalMs { get; init; }

    public int? JitFunctions { get; init; }

    /// <summary>Planner settings that differ from the built-in defaults (EXPLAIN SETTINGS); null when not asked for.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Settings { get; init; }

    public IReadOnlyList<TriggerTime> Triggers { get; init; } = [];

    public double TotalCost => Root.TotalCost;

    /// <summary>Every table the plan reads, schema-qualified when the plan is VERBOSE.</summary>
    public IReadOnlyList<(string? Schema, string Name)> Relations =>
        Root.DescendantsAndSelf()
            .Where(n => n.Relation is not null)
            .Select(n => (n.Schema, n.Relation!))
            .Distinct()
            .ToList();

    /// <summary>Parses the single row EXPLAIN (FORMAT JSON) returns for one statement.</summary>
    public static ExplainPlan Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var top = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement[0] : document.RootElement;
        var jit = top.TryGetProperty("JIT", out var jitElement) ? jitElement : default;
        return new ExplainPlan
        {
            Root = PlanNode.Parse(top.GetProperty("Plan")),
            PlanningTimeMs = PlanNode.Number(top, "Planning Time"),
            ExecutionTimeMs = PlanNode.Number(top, "Execution Time"),
            JitFunctions = jit.ValueKind == JsonValueKind.Object ? (int?)PlanNode.Number(jit, "Functions") : null,
            JitTotalMs = jit.ValueKind == JsonValueKind.Object && jit.TryGetProperty("Timing", out var timing) && timing.ValueKind == JsonValueKind.Object
                ? PlanNode.Number(timing, "Total")
                : null,
            Settings = top.TryGetProperty("Settings", out var settings) && settings.ValueKind == JsonValueKind.Object
                ? settings.EnumerateObject().Select(s => new KeyValuePair<string, string>(s.Name, s.Value.ToString())).ToList()
                : null,
            Triggers = top.TryGetProperty("Triggers", out var triggers) && triggers.ValueKind == JsonValueKind.Array
                ? triggers.EnumerateArray()
                    .Select(t => new TriggerTime(
                        PlanNode.String(t, "Trigger Name") ?? PlanNode.String(t, "Constraint Name") ?? "?",
                        PlanNode.String(t, "Relation"),
                        PlanNode.Number(t, "Time") ?? 0,
                        PlanNode.Number(t, "Calls") ?? 0))
                    .ToList()
                : [],
        };
    }
}
