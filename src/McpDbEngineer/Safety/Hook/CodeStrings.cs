using System.Text;

namespace McpDbEngineer.Safety.Hook;

/// <summary>A string literal of a program and the code just before it (to tell <c>reverse_sql="…"</c> from <c>RunSQL("…")</c>).</summary>
internal sealed record CodeString(string Text, string Before);

/// <summary>
/// Reads the string literals out of program text — Python, Ruby, JavaScript/TypeScript and the C-like languages
/// (quotes, triple quotes, template literals, Ruby heredocs), Liquibase XML and YAML — and gives back the code with
/// its comments removed. A small scanner, not a parser: it only has to find where strings start and end.
/// </summary>
internal static class CodeStrings
{
    private const int BeforeLength = 40;

    public static (string Code, List<CodeString> Strings) Read(string text, string language)
    {
        return language switch
        {
            "xml" => (text, XmlSql(text)),
            "yaml" or "yml" => (text, YamlSql(text)),
            _ => Scan(text, language),
        };
    }

    private static (string Code, List<CodeString> Strings) Scan(string text, string language)
    {
        var hashComments = language is "py" or "rb" or "pl" or "sh" or "ex" or "exs";
        var code = new StringBuilder(text.Length);
        var strings = new List<CodeString>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if ((hashComments && c == '#') || (!hashComments && c == '/' && At(text, i, "//")))
            {
                i = LineEnd(text, i);
                continue;
            }

            if (!hashComments && At(text, i, "/*"))
            {
                var close = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = close < 0 ? text.Length : close + 2;
                continue;
            }

            if (language == "rb" && At(text, i, "<<") && RubyHeredoc(text, i) is { } heredoc)
            {
                strings.Add(new CodeString(heredoc.Body, Before(code)));
                code.Append(text, i, heredoc.HeaderEnd - i);
                i = heredoc.HeaderEnd;
                // The body starts on the next line; everything up to there (the rest of the call) is still code.
                var lineEnd = LineEnd(text, i);
                code.Append(text, i, lineEnd - i).Append('\n');
                i = heredoc.BodyEnd;
                continue;
            }

            if (c is '\'' or '"' or '`')
            {
                var triple = language == "py" && At(text, i, new string(c, 3));
                var quote = triple ? new string(c, 3) : c.ToString();
                var (body, end) = Literal(text, i + quote.Length, quote, multiline: triple || c == '`' || language == "rb");
                strings.Add(new CodeString(body, Before(code)));
                code.Append(quote).Append(body).Append(quote);
                i = end;
                continue;
            }

            code.Append(c);
            i++;
        }

        return (code.ToString(), strings);
    }

    private static (string Body, int End) Literal(string text, int start, string quote, bool multiline)
    {
        var body = new StringBuilder();
        var i = start;
        while (i < text.Length)
        {
            if (At(text, i, quote))
            {
                return (body.ToString(), i + quote.Length);
            }

            var c = text[i];
            if (c == '\n' && !multiline)
            {
                return (body.ToString(), i);
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                body.Append(text[i + 1] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
                i += 2;
                continue;
            }

            body.Append(c);
            i++;
        }

        return (body.ToString(), text.Length);
    }

    /// <summary>A Ruby heredoc (<c>&lt;&lt;~SQL</c>, <c>&lt;&lt;-SQL</c>, <c>&lt;&lt;SQL</c>, quoted or not) starting at <paramref name="at"/>.</summary>
    private static (string Body, int HeaderEnd, int BodyEnd)? RubyHeredoc(string text, int at)
    {
        var i = at + 2;
        if (i < text.Length && text[i] is '~' or '-')
        {
            i++;
        }

        var quote = i < text.Length && text[i] is '\'' or '"' ? text[i] : '\0';
        if (quote != '\0')
        {
            i++;
        }

        var start = i;
        while (i < text.Length && (char.IsAsciiLetterUpper(text[i]) || char.IsAsciiDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        if (i == start)
        {
            return null;
        }

        var delimiter = text[start..i];
        var headerEnd = quote != '\0' && i < text.Length && text[i] == quote ? i + 1 : i;
        var bodyStart = LineEnd(text, headerEnd);
        bodyStart = bodyStart < text.Length ? bodyStart + 1 : bodyStart;
        var body = new StringBuilder();
        var position = bodyStart;
        while (position < text.Length)
        {
            var end = LineEnd(text, position);
            var line = text[position..end];
            position = end < text.Length ? end + 1 : end;
            if (line.Trim() == delimiter)
            {
                break;
            }

            body.Append(line).Append('\n');
        }

        return (body.ToString(), headerEnd, position);
    }

    /// <summary>Liquibase XML: the text of &lt;sql&gt; and &lt;createProcedure&gt; elements (CDATA and entities resolved).</summary>
    private static List<CodeString> XmlSql(string text)
    {
        var strings = new List<CodeString>();
        foreach (var element in (string[])["sql", "createProcedure"])
        {
            var from = 0;
            while (true)
            {
                var open = text.IndexOf("<" + element, from, StringComparison.Ordinal);
                if (open < 0)
                {
                    break;
                }

                var after = open + element.Length + 1;
                var headerEnd = text.IndexOf('>', after);
                if (headerEnd < 0 || (after < text.Length && !(text[after] is '>' or ' ' or '\t' or '\n' or '\r')) || text[headerEnd - 1] == '/')
                {
                    from = after;
                    continue;
                }

                var close = text.IndexOf("</" + element, headerEnd, StringComparison.Ordinal);
                close = close < 0 ? text.Length : close;
                var body = text[(headerEnd + 1)..close].Replace("<![CDATA[", "", StringComparison.Ordinal).Replace("]]>", "", StringComparison.Ordinal)
                    .Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal)
                    .Replace("&quot;", "\"", StringComparison.Ordinal).Replace("&apos;", "'", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
                strings.Add(new CodeString(body, ""));
                from = close;
            }
        }

        return strings;
    }

    /// <summary>Liquibase YAML: the values of <c>sql:</c> keys, inline or as an indented block (<c>sql: |</c>).</summary>
    private static List<CodeString> YamlSql(string text)
    {
        var strings = new List<CodeString>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart(' ', '-');
            if (!trimmed.StartsWith("sql:", StringComparison.Ordinal))
            {
                continue;
            }

            var value = trimmed[4..].Trim();
            if (value is "|" or ">" or "|-" or ">-" or "|+" or ">+")
            {
                var indent = lines[i].Length - lines[i].TrimStart().Length;
                var block = new StringBuilder();
                while (i + 1 < lines.Length && (lines[i + 1].Trim().Length == 0 || lines[i + 1].Length - lines[i + 1].TrimStart().Length > indent))
                {
                    block.Append(lines[++i].Trim()).Append('\n');
                }

                strings.Add(new CodeString(block.ToString(), ""));
            }
            else
            {
                strings.Add(new CodeString(value.Trim('\'', '"'), ""));
            }
        }

        return strings;
    }

    private static string Before(StringBuilder code) =>
        code.ToString(Math.Max(0, code.Length - BeforeLength), Math.Min(BeforeLength, code.Length));

    private static int LineEnd(string text, int from)
    {
        var end = text.IndexOf('\n', from);
        return end < 0 ? text.Length : end;
    }

    private static bool At(string text, int at, string token) => string.CompareOrdinal(text, at, token, 0, token.Length) == 0;
}
