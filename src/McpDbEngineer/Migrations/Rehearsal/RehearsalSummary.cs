using System.Text.Json.Serialization;

namespace McpDbEngineer.Migrations.Rehearsal;

/// <summary>The machine-readable block at the end of a rehearsal's answer (snake_case JSON).</summary>
/// <param name="MigrationsCreated">Migrations applied cleanly to the shadow (1, or 0 when the up failed).</param>
/// <param name="DownRestoresSchema">Whether up → down left the schema as it was; null when the down was not run.</param>
public sealed record RehearsalSummary(
    int MigrationsCreated,
    bool? DownRestoresSchema,
    IReadOnlyList<string> IndexesAdded,
    IReadOnlyList<string> ConstraintsAdded,
    IReadOnlyList<LockSummary> Locks,
    IReadOnlyList<RewriteSummary> Rewrites,
    IReadOnlyList<string> PerformanceFindings,
    IReadOnlyList<string> Recommendations);

/// <param name="Statement">"up 2", "down 1".</param>
/// <param name="EstimatedSeconds">How long it would be held on the target; null when the target lacks the relation.</param>
public sealed record LockSummary(string Statement, string Relation, string Mode, double? EstimatedSeconds);

public sealed record RewriteSummary(string Statement, string Table, long? TargetBytes);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RehearsalSummary))]
internal sealed partial class RehearsalJsonContext : JsonSerializerContext;
