using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Safety.Approval;

/// <summary>
/// Approval through MCP elicitation: the client shows the human the statements and the objects they destroy,
/// and the statement runs only if the human accepts AND types the confirmation text exactly.
/// </summary>
public sealed class ElicitationApproval(McpServer server) : IHumanApproval
{
    private const string ConfirmField = "confirm";

    /// <summary>Characters of one statement shown in the question; the rest is cut with a note.</summary>
    private const int StatementChars = 2000;

    /// <summary>Lines of measured effect shown in the question; the rest is counted.</summary>
    private const int EffectLines = 30;

    public bool CanAsk => server.ClientCapabilities?.Elicitation is not null;

    public async Task<ApprovalOutcome> RequestAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        if (!CanAsk)
        {
            return ApprovalOutcome.Unavailable;
        }

        var message = new StringBuilder(request.DestroyedObjects.Count > 0
            ? "An AI agent asks to run a DESTRUCTIVE statement on the database.\n\n"
            : "An AI agent asks to run statements that need your approval.\n\n");
        foreach (var statement in request.Statements)
        {
            var text = statement.Trim();
            message.Append(text.Length > StatementChars ? text[..StatementChars] + $" … ({text.Length - StatementChars} more characters)" : text).Append("\n\n");
        }

        if (request.Effect.Count > 0)
        {
            message.Append("What it did, measured in its transaction (not committed yet):\n");
            foreach (var line in request.Effect.Take(EffectLines))
            {
                message.Append("- ").Append(line).Append('\n');
            }

            if (request.Effect.Count > EffectLines)
            {
                message.Append($"- … and {request.Effect.Count - EffectLines} more changes\n");
            }

            message.Append('\n');
        }

        if (request.DestroyedObjects.Count > 0)
        {
            message.Append("It destroys: ").Append(string.Join(", ", request.DestroyedObjects)).Append("\n\n");
        }

        if (request.Reasons.Count > 0)
        {
            message.Append("Why: ").Append(string.Join("; ", request.Reasons)).Append("\n\n");
        }

        message.Append(request.Effect.Count > 0
            ? $"Its transaction stays open and holds its locks while you decide; without an answer within {Duration(request.HeldFor)} it is rolled back.\n\n"
            : $"Nothing has run yet; without an answer within {Duration(request.HeldFor)} nothing runs.\n\n");

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

    private static string Duration(TimeSpan wait) =>
        wait.TotalSeconds >= 120 && wait.TotalSeconds % 60 == 0 ? $"{wait.TotalMinutes:0} minutes" : $"{wait.TotalSeconds:0} seconds";

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
