namespace McpDbEngineer.Safety.Vetting;

/// <summary>What vetting found: the code the guard cannot vouch for, and whether the statements reach user functions at all.</summary>
/// <param name="CallsUserFunctions">Any function that is not built in (trusted or not), which may change the catalog when it runs.</param>
public sealed record CodeReach(IReadOnlyList<UnvettedCode> Unvetted, bool CallsUserFunctions);
