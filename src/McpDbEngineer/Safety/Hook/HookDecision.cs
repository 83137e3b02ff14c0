namespace McpDbEngineer.Safety.Hook;

/// <summary>What the hook tells Claude Code about a tool call.</summary>
public enum HookPermission
{
    /// <summary>Nothing destructive found: the hook stays silent and Claude Code's own permission rules apply.</summary>
    NoObjection,

    /// <summary>The hook cannot tell (unreadable file, SQL it cannot parse): the user is asked.</summary>
    Ask,

    /// <summary>Destructive SQL: the call is blocked and the reason goes to the agent.</summary>
    Deny,
}

public sealed record HookDecision(HookPermission Permission, string Reason)
{
    public static HookDecision NoObjection { get; } = new(HookPermission.NoObjection, "");
}
