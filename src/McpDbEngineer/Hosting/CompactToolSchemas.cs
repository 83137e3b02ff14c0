using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Hosting;

/// <summary>
/// Every agent reads tools/list at the start of a session, so its bytes are paid again and again. An optional
/// parameter's schema as generated says twice that it may be left out (<c>"type":["string","null"]</c> and
/// <c>"default":null</c>); leaving it out of <c>required</c> says it once. Explicit nulls are still accepted.
/// </summary>
public static class CompactToolSchemas
{
    public static IServiceCollection AddCompactToolSchemas(this IServiceCollection services) =>
        services.PostConfigure<McpServerOptions>(options =>
        {
            foreach (var tool in options.ToolCollection ?? [])
            {
                tool.ProtocolTool.InputSchema = Compact(tool.ProtocolTool.InputSchema);
            }
        });

    public static JsonElement Compact(JsonElement schema)
    {
        if (JsonNode.Parse(schema.GetRawText()) is not JsonObject root || root["properties"] is not JsonObject properties)
        {
            return schema;
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

        using var document = JsonDocument.Parse(root.ToJsonString());
        return document.RootElement.Clone();
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
