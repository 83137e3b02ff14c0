using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace McpDbEngineer.Tests.Infrastructure;

/// <summary>The human in the client: answers each elicitation with whatever the test told it to, and remembers what it was asked.</summary>
public sealed class ScriptedHuman
{
    public Func<ElicitRequestParams, ElicitResult> Answer { get; set; } = _ => new ElicitResult { Action = "decline" };

    public List<string> Asked { get; } = [];

    public ElicitResult Respond(ElicitRequestParams request)
    {
        Asked.Add(request.Message);
        return Answer(request);
    }

    public static ElicitResult Accept(string typed) => new()
    {
        Action = "accept",
        Content = new Dictionary<string, JsonElement> { ["confirm"] = JsonSerializer.SerializeToElement(typed) },
    };
}
