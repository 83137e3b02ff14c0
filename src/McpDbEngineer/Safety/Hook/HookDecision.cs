namespace McpDbEngineer.Safety.Hook;

/// <summary>What the hook tells Claude Code about a tool call.</summary>
public enum HookPermission
{
    /// <summary>Nothing destructive found: the hook stays silent and Claude Code's own permission rules apply.</summary>
    NoObjection,

    /// <summary>
    /// The hook cannot see what will run (a variable, a command's output, a missing file, dynamic SQL, SQL it cannot
    /// parse), or the call changes rows it cannot count or runs down migrations: the user is asked, with the reason.
    /// </summary>
    Ask,

    /// <summary>Destructive SQL or a destructive command or migration call: the call is blocked and the reason goes to the agent.</summary>
    Deny,
}

public sealed record HookDecision(HookPermission Permission, string Reason)
{
    public static HookDecision NoObjection { get; } = new(HookPermission.NoObjection, "");
}
