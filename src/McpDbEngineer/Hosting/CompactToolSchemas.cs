using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Hosting;

/// <summary>
/// Every agent reads tools/list at the start of a session, so its bytes are paid again and again. An optional
/// parameter's schema as generated says twice that it may be left out (<c>"type":["string","null"]</c> and
/// <c>"default":null</c>); leaving it out of <c>required</c> says it once. Only the answer sent is compacted: the tools
/// keep their generated schemas, which <see cref="ToolArguments"/> checks arguments against (null stays accepted where
/// the parameter takes it).
/// </summary>
public static class CompactToolSchemas
{
    public static McpMessageHandler CompactToolsListAnswer(McpMessageHandler next) => async (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is JsonRpcResponse { Result: JsonObject result } && result["tools"] is JsonArray tools)
        {
            foreach (var tool in tools)
            {
                if (tool?["inputSchema"] is JsonObject schema)
                {
                    Compact(schema);
                }
            }
        }

        await next(context, cancellationToken);
    };

    public static void Compact(JsonObject schema)
    {
        if (schema["properties"] is not JsonObject properties)
        {
            return;
        }

        foreach (var (_, property) in properties)
        {
            if (property is JsonObject parameter)
            {
                WithoutNull(parameter);
                if (parameter["items"] is JsonObject items)
                {
                    WithoutNull(items);
                }
            }
        }
    }

    private static void WithoutNull(JsonObject schema)
    {
        if (schema["type"] is JsonArray types && types.Count == 2 && types.Any(t => t?.GetValue<string>() == "null"))
        {
            schema["type"] = types.First(t => t?.GetValue<string>() != "null")!.GetValue<string>();
        }

        if (schema.TryGetPropertyValue("default", out var value) && value is null)
        {
            schema.Remove("default");
        }
    }
}
