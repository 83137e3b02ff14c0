namespace McpDbEngineer.Answers;

/// <summary>One problem found: what kind, where, the numbers behind it and what to do. Every area that advises answers with these.</summary>
/// <param name="Kind">A stable snake_case name an agent can match on (each area keeps its list).</param>
/// <param name="Subject">The object it is about (schema.table, an index, a plan node).</param>
public sealed record Finding(string Kind, string Subject, string Evidence, string Action)
{
    public override string ToString() => $"{Kind} {Subject}: {Evidence}\n  → {Action}";
}
