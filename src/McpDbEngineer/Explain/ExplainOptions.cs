namespace McpDbEngineer.Explain;

/// <summary>What to ask of EXPLAIN besides the plan.</summary>
public sealed record ExplainOptions
{
    /// <summary>Execute the statement and measure (EXPLAIN ANALYZE).</summary>
    public bool Analyze { get; init; }

    /// <summary>Shared, local and temp block counts per node (EXPLAIN BUFFERS).</summary>
    public bool Buffers { get; init; }

    /// <summary>Planner settings changed from their defaults (EXPLAIN SETTINGS).</summary>
    public bool Settings { get; init; }

    /// <summary>CREATE INDEX statements to try with hypopg; planning only.</summary>
    public IReadOnlyList<string> HypotheticalIndexes { get; init; } = [];

    /// <summary>"name=value" planner settings for this query only (<see cref="PlannerSettings"/>).</summary>
    public IReadOnlyList<string> PlannerSettings { get; init; } = [];
}
