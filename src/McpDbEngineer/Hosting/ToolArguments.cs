using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Hosting;

/// <summary>
/// Every tool's arguments, checked against the tool's own input schema before the SDK binds them — one place for all
/// tools, so they all accept and refuse the same things. A wrong argument is answered with its name, the type expected
/// and an example (the SDK alone says only "An error occurred invoking"). What an LLM commonly sends where the meaning
/// is not in doubt is converted: a number or boolean where text is expected (parameters [42] → ["42"]), digits as text
/// where an integer is expected ("10"), and "true"/"false" as text where a boolean is. Loose words ("yes", "1") are not
/// guessed at: for analyze, a wrong guess runs the statement.
/// </summary>
public static class ToolArguments
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> CheckArguments(
        McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        (request, cancellationToken) =>
        {
            if (request.MatchedPrimitive is McpServerTool tool && request.Params is { } call)
            {
                var arguments = call.Arguments is null ? new Dictionary<string, JsonElement>() : new Dictionary<string, JsonElement>(call.Arguments);
                if (Normalize(call.Name, tool.ProtocolTool.InputSchema, arguments) is { } problem)
                {
                    throw new ToolException(problem);
                }

                call.Arguments = arguments;
            }

            return next(request, cancellationToken);
        };

    /// <summary>
    /// Converts <paramref name="arguments"/> in place where the meaning is clear; returns what is wrong with them, or
    /// null when they fit <paramref name="schema"/>. Pure, tested without a server.
    /// </summary>
    public static string? Normalize(string tool, JsonElement schema, IDictionary<string, JsonElement> arguments)
    {
        var properties = schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var problems = new List<string>();
        var required = schema.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(r => r.GetString()!).ToHashSet()
            : [];
        foreach (var name in required)
        {
            if (!arguments.ContainsKey(name) && properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var property))
            {
                problems.Add($"'{name}' is missing: {Expected(property)}, e.g. \"{name}\": {Example(property)}");
            }
        }

        var unknown = new List<string>();
        foreach (var (name, value) in arguments.ToList())
        {
            if (properties.ValueKind != JsonValueKind.Object || !properties.TryGetProperty(name, out var property))
            {
                unknown.Add(name);
            }
            else if (Convert(property, value) is { } converted)
            {
                arguments[name] = converted;
            }
            else
            {
                problems.Add($"'{name}' must be {Expected(property)}, e.g. \"{name}\": {Example(property)}; got {Shown(value)}");
            }
        }

        if (unknown.Count > 0)
        {
            var known = properties.ValueKind == JsonValueKind.Object ? string.Join(", ", properties.EnumerateObject().Select(x => x.Name)) : "none";
            problems.Add($"{tool} takes no argument {string.Join(", ", unknown.Select(u => $"'{u}'"))} (its arguments: {known})");
        }

        return problems.Count == 0 ? null : $"Invalid arguments for {tool}: {string.Join("; ", problems)}.";
    }

    /// <summary>The value as the schema wants it, converted where that is unambiguous; null when it does not fit.</summary>
    private static JsonElement? Convert(JsonElement property, JsonElement value)
    {
        var types = Types(property);
        if (types.Count == 0)
        {
            return value;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return types.Contains("null") ? value : null;
            case JsonValueKind.String when types.Contains("string"):
                return value;
            case JsonValueKind.Number when types.Contains("number"):
                return value;
            case JsonValueKind.Number when types.Contains("integer"):
                return value.TryGetInt64(out _) ? value
                    : value.TryGetDouble(out var real) && real == Math.Floor(real) && Math.Abs(real) < long.MaxValue ? Write(w => w.WriteNumberValue((long)real))
                    : null;
            case JsonValueKind.True or JsonValueKind.False when types.Contains("boolean"):
                return value;
            case JsonValueKind.Array when types.Contains("array"):
                return ConvertItems(property, value);
            case JsonValueKind.String when types.Contains("integer") && long.TryParse(value.GetString()!.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number):
                return Write(w => w.WriteNumberValue(number));
            case JsonValueKind.String when types.Contains("number") && double.TryParse(value.GetString()!.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                return Write(w => w.WriteNumberValue(number));
            case JsonValueKind.String when types.Contains("boolean") && value.GetString()!.Trim().ToLowerInvariant() is "true" or "false":
                return Write(w => w.WriteBooleanValue(value.GetString()!.Trim().Equals("true", StringComparison.OrdinalIgnoreCase)));
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False when types.Contains("string"):
                return Write(w => w.WriteStringValue(value.GetRawText()));
            default:
                return null;
        }
    }

    private static JsonElement? ConvertItems(JsonElement property, JsonElement array)
    {
        if (!property.TryGetProperty("items", out var items))
        {
            return array;
        }

        var converted = new List<JsonElement>();
        foreach (var item in array.EnumerateArray())
        {
            if (Convert(items, item) is not { } fits)
            {
                return null;
            }

            converted.Add(fits);
        }

        return Write(w =>
        {
            w.WriteStartArray();
            foreach (var item in converted)
            {
                item.WriteTo(w);
            }

            w.WriteEndArray();
        });
    }

    private static HashSet<string> Types(JsonElement property)
    {
        if (!property.TryGetProperty("type", out var type))
        {
            return [];
        }

        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [type.GetString()!];
    }

    /// <summary>"an integer", "an array of text values", "text" — the JSON type in words.</summary>
    private static string Expected(JsonElement property)
    {
        var types = Types(property);
        var main = types.FirstOrDefault(t => t != "null");
        var word = main switch
        {
            "integer" => "an integer",
            "number" => "a number",
            "boolean" => "true or false",
            "string" => "text (a JSON string)",
            "array" => "an array of " + (property.TryGetProperty("items", out var items) ? Plural(Expected(items)) : "values"),
            _ => "a value",
        };
        return types.Contains("null") && main is not null ? word + " (or null)" : word;
    }

    private static string Plural(string expected) => expected switch
    {
        "text (a JSON string)" or "text (a JSON string) (or null)" => "text values (JSON strings)",
        _ => expected,
    };

    private static string Example(JsonElement property) =>
        Types(property).FirstOrDefault(t => t != "null") switch
        {
            "integer" => "100",
            "number" => "0.5",
            "boolean" => "true",
            "string" => "\"…\"",
            "array" => "[\"42\", \"abc\"]",
            _ => "null",
        };

    private static string Shown(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length > 40 ? text[..40] + "…" : text;
    }

    private static JsonElement Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return JsonElement.Parse(buffer.WrittenSpan);
    }
}
