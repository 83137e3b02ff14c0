using System.Text.RegularExpressions;

namespace McpDbEngineer.Migrations.Lint;

/// <summary>
/// Comments that turn rules off: <c>-- mcp-db-engineer:disable rule-id[, rule-id…]</c> among the comments just before a
/// statement turns them off for that statement, <c>-- mcp-db-engineer:disable-file rule-id…</c> anywhere for the file.
/// </summary>
internal static partial class LintDirectives
{
    public static IEnumerable<string> ForFile(string text) =>
        Directive().Matches(text).Where(m => m.Groups["file"].Success).SelectMany(Ids);

    /// <summary>
    /// Skips the whitespace and comments that lead a statement (the parser counts them as part of it) and returns where
    /// its first token starts, with the rules the comments turn off for it.
    /// </summary>
    public static (int FirstToken, IReadOnlySet<string> Disabled) Leading(string text, int start, int end)
    {
        var disabled = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var at = start;
        while (at < end)
        {
            if (char.IsWhiteSpace(text[at]))
            {
                at++;
            }
            else if (text.AsSpan(at, end - at).StartsWith("--"))
            {
                var lineEnd = text.IndexOf('\n', at, end - at);
                var comment = text[at..(lineEnd < 0 ? end : lineEnd)];
                if (Directive().Match(comment) is { Success: true } match && !match.Groups["file"].Success)
                {
                    disabled.UnionWith(Ids(match));
                }

                at = lineEnd < 0 ? end : lineEnd + 1;
            }
            else if (text.AsSpan(at, end - at).StartsWith("/*"))
            {
                var close = text.IndexOf("*/", at + 2, end - at - 2, StringComparison.Ordinal);
                at = close < 0 ? end : close + 2;
            }
            else
            {
                break;
            }
        }

        return (at, disabled);
    }

    private static IEnumerable<string> Ids(Match match) => match.Groups["ids"].Value.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"^[ \t]*--[ \t]*mcp-db-engineer:disable(?<file>-file)?[ \t]+(?<ids>[A-Za-z0-9_\-, \t]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Directive();
}
