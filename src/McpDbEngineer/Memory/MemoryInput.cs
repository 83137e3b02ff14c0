using System.Globalization;
using System.Text;

namespace McpDbEngineer.Memory;

/// <summary>Checks and tidies what an agent gives the memory tools, before anything is stored (no I/O).</summary>
public static class MemoryInput
{
    public static readonly IReadOnlyList<string> Kinds = ["decision", "pattern", "finding", "task", "note"];

    public const int MaxTitleChars = 200;
    public const int MaxTags = 20;
    public const int MaxObjects = 20;
    public const string DefaultScope = "default";

    public static NewMemory Check(
        string? kind, string? title, string? body, string? tags, string? objects, string? scope, string? author, string? sessionId, int maxBodyBytes)
    {
        var theKind = Kind(kind ?? "decision");
        var theTitle = ShortLine(title, "title", MaxTitleChars);
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new ToolException("The body is empty. Write what was decided and why (a few sentences); the title alone is not searchable enough.");
        }

        var theBody = body.Trim();
        var bytes = Encoding.UTF8.GetByteCount(theBody);
        if (bytes > maxBodyBytes)
        {
            throw new ToolException(
                $"The body is {bytes} bytes; memories take at most {maxBodyBytes} (Memory:MaxBodyBytes). Keep the decision and its reasons; link to longer documents instead.");
        }

        var tagList = List(tags, "tags", MaxTags).Select(t => t.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
        var objectList = List(objects, "objects", MaxObjects);
        var theScope = string.IsNullOrWhiteSpace(scope) ? DefaultScope : ShortLine(scope, "scope", 100);
        return new NewMemory(theKind, theTitle, theBody, tagList, objectList, theScope, Optional(author), Optional(sessionId));
    }

    public static string Kind(string kind)
    {
        var lower = kind.Trim().ToLowerInvariant();
        return Kinds.Contains(lower) ? lower
            : throw new ToolException($"Unknown kind '{kind}'. Use one of: {string.Join(", ", Kinds)}.");
    }

    /// <summary>A comma-separated list, trimmed, empty items dropped; null for nothing given.</summary>
    public static List<string> List(string? text, string what, int max)
    {
        var items = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (items.Count > max)
        {
            throw new ToolException($"{items.Count} {what}; at most {max}. Keep the ones a later search would use.");
        }

        if (items.FirstOrDefault(i => i.Length > 200) is { } longItem)
        {
            throw new ToolException($"'{longItem[..40]}…' is too long for one of the {what} (200 characters at most).");
        }

        return items;
    }

    public static Guid Id(string? id)
    {
        return Guid.TryParse(id?.Trim(), CultureInfo.InvariantCulture, out var guid) ? guid
            : throw new ToolException($"'{id}' is not a memory id. Ids are uuids as remember, search_memory and list_memories print them.");
    }

    /// <summary>"2026-11-01", "2026-11-01T10:00Z", or a number of days back ("7d").</summary>
    public static DateTimeOffset? Since(string? since, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(since))
        {
            return null;
        }

        var text = since.Trim();
        if (text.EndsWith('d') && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var days))
        {
            return now.AddDays(-days);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at
            : throw new ToolException($"since '{since}' is not a date. Write 2026-11-01, 2026-11-01T10:00Z or 7d (the last 7 days).");
    }

    private static string ShortLine(string? text, string what, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ToolException($"The {what} is empty. Give a short line that names the decision (\"Order ids are uuid v7\").");
        }

        var line = text.Trim();
        if (line.Contains('\n') || line.Length > max)
        {
            throw new ToolException($"The {what} must be one line of at most {max} characters; put the details in the body.");
        }

        return line;
    }

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
