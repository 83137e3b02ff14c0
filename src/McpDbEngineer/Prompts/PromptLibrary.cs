using System.Text;
using McpDbEngineer.Sql;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpDbEngineer.Prompts;

/// <summary>
/// The MCP prompts: markdown files in the repository's prompts/ folder, embedded at build time. Each starts with
/// a small front matter (name, description, arguments) and a body where {{argument}} is replaced.
/// Served through list/get handlers rather than reflection so that Native AOT keeps working.
/// </summary>
public static class PromptLibrary
{
    private static readonly Lazy<IReadOnlyList<PromptTemplate>> Templates = new(Load);

    public static IReadOnlyList<PromptTemplate> All => Templates.Value;

    public static ValueTask<ListPromptsResult> ListAsync() =>
        ValueTask.FromResult(new ListPromptsResult { Prompts = [.. All.Select(t => t.Prompt)] });

    public static ValueTask<GetPromptResult> GetAsync(GetPromptRequestParams request)
    {
        var template = All.FirstOrDefault(t => t.Prompt.Name == request.Name)
            ?? throw new McpException($"Unknown prompt '{request.Name}'. Known: {string.Join(", ", All.Select(t => t.Prompt.Name))}.");
        var text = template.Body;
        foreach (var argument in template.Prompt.Arguments ?? [])
        {
            string? value = null;
            if (request.Arguments?.TryGetValue(argument.Name, out var given) == true)
            {
                value = given.ValueKind == System.Text.Json.JsonValueKind.String ? given.GetString() : given.ToString();
            }

            if (string.IsNullOrWhiteSpace(value) && argument.Required == true)
            {
                throw new McpException($"Prompt '{template.Prompt.Name}' needs the argument '{argument.Name}'.");
            }

            text = text.Replace("{{" + argument.Name + "}}", string.IsNullOrWhiteSpace(value) ? "public" : value, StringComparison.Ordinal);
        }

        return ValueTask.FromResult(new GetPromptResult
        {
            Description = template.Prompt.Description,
            Messages = [new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = text } }],
        });
    }

    private static IReadOnlyList<PromptTemplate> Load() => [.. EmbeddedFiles.Under("prompts", ".md").Select(PromptTemplate.Parse)];
}

/// <summary>One prompt file: its MCP description and its body.</summary>
public sealed record PromptTemplate(Prompt Prompt, string Body)
{
    /// <summary>Reads the front matter: name, description, and arguments as "- name:" items with description/required.</summary>
    public static PromptTemplate Parse(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0] != "---")
        {
            throw new FormatException("A prompt file starts with a --- front matter block.");
        }

        var end = Array.IndexOf(lines, "---", 1);
        var prompt = new Prompt { Name = "" };
        var arguments = new List<PromptArgument>();
        PromptArgument? current = null;
        foreach (var line in lines[1..end])
        {
            var trimmed = line.Trim();
            var (key, value) = SplitPair(trimmed.TrimStart('-', ' '));
            if (trimmed.StartsWith("- name:", StringComparison.Ordinal))
            {
                current = new PromptArgument { Name = value };
                arguments.Add(current);
            }
            else if (current is not null && line.StartsWith("    ", StringComparison.Ordinal))
            {
                if (key == "description")
                {
                    current.Description = value;
                }
                else if (key == "required")
                {
                    current.Required = value == "true";
                }
            }
            else if (key == "name")
            {
                prompt.Name = value;
            }
            else if (key == "description")
            {
                prompt.Description = value;
            }
        }

        prompt.Arguments = arguments.Count > 0 ? arguments : null;
        var body = new StringBuilder();
        foreach (var line in lines[(end + 1)..])
        {
            body.Append(line).Append('\n');
        }

        return new PromptTemplate(prompt, body.ToString().Trim() + "\n");
    }

    private static (string Key, string Value) SplitPair(string text)
    {
        var colon = text.IndexOf(':');
        return colon < 0 ? (text, "") : (text[..colon].Trim(), text[(colon + 1)..].Trim());
    }
}
