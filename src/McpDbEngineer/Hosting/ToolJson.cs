using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;

namespace McpDbEngineer.Hosting;

/// <summary>Source-generated JSON for tool arguments and results, chained before the SDK's own (Native AOT).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(int?))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(bool?))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class ToolJsonContext : JsonSerializerContext;

public static class ToolJson
{
    public static JsonSerializerOptions Options { get; } = new(McpJsonUtilities.DefaultOptions)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ToolJsonContext.Default, McpJsonUtilities.DefaultOptions.TypeInfoResolver),
    };
}
