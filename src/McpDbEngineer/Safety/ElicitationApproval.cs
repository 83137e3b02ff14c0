using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Safety;

/// <summary>
/// Approval through MCP elicitation: the client shows the human the statements and the objects they destroy,
/// and the statement runs only if the human accepts AND types the confirmation text exactly.
/// </summary>
public sealed class ElicitationApproval(McpServer server) : IHumanApproval
{
    private const string ConfirmField = "confirm";

    public async Task<ApprovalOutcome> RequestAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        if (server.ClientCapabilities?.Elicitation is null)
        {
            return ApprovalOutcome.Unavailable;
        }

        var message = new StringBuilder(request.DestroyedObjects.Count > 0
            ? "An AI agent asks to run a DESTRUCTIVE statement on the database.\n\n"
            : "An AI agent asks to run a statement that needs your approval.\n\n");
        foreach (var statement in request.Statements)
        {
            message.Append(statement.Trim()).Append("\n\n");
        }

        if (request.DestroyedObjects.Count > 0)
        {
            message.Append("It destroys: ").Append(string.Join(", ", request.DestroyedObjects)).Append("\n\n");
        }
        else if (request.Reasons.Count > 0)
        {
            message.Append("Why: ").Append(string.Join("; ", request.Reasons)).Append("\n\n");
        }

        message.Append($"To allow it, type {request.ConfirmationText} and accept. Anything else refuses.");

        ElicitResult result;
        try
        {
            result = await server.ElicitAsync(BuildRequest(message.ToString(), request.ConfirmationText), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The question could not reach a human (the session or the client failed): that is no yes.
            return ApprovalOutcome.Unavailable;
        }

        return result.Action == "accept"
            && result.Content is { } content
            && content.TryGetValue(ConfirmField, out var typed)
            && typed.ValueKind == JsonValueKind.String
            && string.Equals(typed.GetString()?.Trim(), request.ConfirmationText, StringComparison.Ordinal)
                ? ApprovalOutcome.Approved
                : ApprovalOutcome.Declined;
    }

    private static ElicitRequestParams BuildRequest(string message, string confirmationText) => new()
    {
        Message = message,
        RequestedSchema = new ElicitRequestParams.RequestSchema
        {
            Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition>
            {
                [ConfirmField] = new ElicitRequestParams.StringSchema
                {
                    Title = "Confirm",
                    Description = $"Type {confirmationText} to allow the statement",
                },
            },
            Required = [ConfirmField],
        },
    };
}
