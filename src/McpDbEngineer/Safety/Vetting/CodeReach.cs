namespace McpDbEngineer.Safety.Vetting;

/// <summary>What vetting found: the code the guard cannot vouch for, and the user functions the statements reach.</summary>
/// <param name="CallsUserFunctions">Any function that is not built in (trusted or not), which may change the catalog when it runs.</param>
/// <param name="Replaceable">The functions reached whose owner is not a superuser, by qualified name: vetted now, they can be
/// replaced by their owner at any moment, so what was vetted holds only within one transaction's statements.</param>
public sealed record CodeReach(IReadOnlyList<UnvettedCode> Unvetted, bool CallsUserFunctions, IReadOnlyList<string> Replaceable);
