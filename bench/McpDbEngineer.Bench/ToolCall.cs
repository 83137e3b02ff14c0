using System.Text;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpDbEngineer.Bench;

/// <summary>
/// A call the benchmark makes, described by what it means ("run this SQL") rather than by one server's
/// tool and parameter names: the arguments are matched against the tool's input schema at run time, so the
/// same scenario runs against any server that has a fitting tool.
/// </summary>
public sealed record ToolCall(string Label, IReadOnlyList<string> ToolNames, IReadOnlyList<ArgumentRule> Arguments)
{
    /// <summary>The call as this server names it, or why it cannot be made.</summary>
    public (string Tool, Dictionary<string, object?> Arguments)? Bind(IEnumerable<McpClientTool> tools, out string? missing)
    {
        var tool = tools.FirstOrDefault(t => ToolNames.Contains(t.Name));
        if (tool is null)
        {
            missing = $"no {string.Join("/", ToolNames)} tool";
            return null;
        }

        var properties = tool.ProtocolTool.InputSchema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            ? p.EnumerateObject().Select(o => o.Name).ToArray()
            : [];
        var arguments = new Dictionary<string, object?>();
        foreach (var rule in Arguments)
        {
            var name = properties.FirstOrDefault(n => rule.NameFragments.Any(f => n.Contains(f, StringComparison.OrdinalIgnoreCase)));
            if (name is not null)
            {
                arguments[name] = rule.Value;
            }
            else if (rule.Required)
            {
                missing = $"{tool.Name} has no parameter like '{rule.NameFragments[0]}'";
                return null;
            }
        }

        missing = null;
        return (tool.Name, arguments);
    }
}

/// <summary>A value for the first parameter whose name contains one of the fragments.</summary>
public sealed record ArgumentRule(string[] NameFragments, object Value, bool Required = true);

/// <summary>What one call answered.</summary>
public sealed record ToolAnswer(string Text, bool IsError)
{
    public int Utf8Bytes => Encoding.UTF8.GetByteCount(Text);

    public static async Task<ToolAnswer> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        return new ToolAnswer(string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text)), result.IsError == true);
    }
}
