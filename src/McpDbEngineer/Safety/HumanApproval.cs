namespace McpDbEngineer.Safety;

/// <summary>What a human is asked to approve: the exact statements, what they destroy and why they need a yes.</summary>
/// <param name="ConfirmationText">What the human must type to say yes (the name of an object destroyed, else the command).</param>
public sealed record ApprovalRequest(IReadOnlyList<string> Statements, IReadOnlyList<string> DestroyedObjects, IReadOnlyList<string> Reasons, string ConfirmationText);

public enum ApprovalOutcome
{
    Approved,
    Declined,

    /// <summary>No human can be asked (the client does not support elicitation).</summary>
    Unavailable,
}

/// <summary>Asks a human to approve a destructive statement. The MCP implementation uses elicitation.</summary>
public interface IHumanApproval
{
    Task<ApprovalOutcome> RequestAsync(ApprovalRequest request, CancellationToken cancellationToken);
}
