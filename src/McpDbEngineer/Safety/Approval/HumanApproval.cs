namespace McpDbEngineer.Safety.Approval;

/// <summary>
/// What a human is asked to approve: the exact statements, what they destroy (by their look), why they need a yes,
/// and what they measurably did in their still-open transaction.
/// </summary>
/// <param name="ConfirmationText">What the human must type to say yes (the name of an object destroyed, else the command).</param>
/// <param name="Effect">What the statements did, measured before COMMIT ("deleted 9,000 of 10,000 rows of public.orders"); empty when nothing was measured.</param>
/// <param name="HeldFor">How long the transaction waits for the answer, holding its locks.</param>
public sealed record ApprovalRequest(
    IReadOnlyList<string> Statements,
    IReadOnlyList<string> DestroyedObjects,
    IReadOnlyList<string> Reasons,
    string ConfirmationText,
    IReadOnlyList<string> Effect,
    TimeSpan HeldFor);

public enum ApprovalOutcome
{
    Approved,
    Declined,

    /// <summary>No human can be asked (the client does not support elicitation, or the question failed).</summary>
    Unavailable,
}

/// <summary>Asks a human to approve a destructive statement. The MCP implementation uses elicitation.</summary>
public interface IHumanApproval
{
    /// <summary>Whether a human can be asked at all: known before anything runs, so a refusal costs no I/O.</summary>
    bool CanAsk { get; }

    /// <summary>Asks and waits; cancelling <paramref name="cancellationToken"/> (a time limit) abandons the question.</summary>
    Task<ApprovalOutcome> RequestAsync(ApprovalRequest request, CancellationToken cancellationToken);
}
