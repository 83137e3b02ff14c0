using System.Text;
using System.Text.RegularExpressions;
using McpDbEngineer.Sql;

namespace McpDbEngineer.Safety.Hook;

/// <summary>A psql script with its backslash commands read: the SQL psql sends, and what the meta-commands do besides.</summary>
/// <param name="Sql">The SQL lines, with psql variables (<c>:v</c>, <c>:'v'</c>, <c>:"v"</c>) interpolated as psql would.</param>
/// <param name="ShellCommands">Shell command lines psql runs (<c>\!</c>, backquotes in <c>\set</c>).</param>
/// <param name="Nested">More SQL that runs: <c>\copy (query)</c> queries and <c>\i</c> files.</param>
/// <param name="Unclear">What the hook cannot follow (<c>\gexec</c>, output piped to a program, a missing <c>\i</c> file).</param>
internal sealed partial record PsqlScript(string Sql, List<string> ShellCommands, List<SqlSource> Nested, List<string> Unclear)
{
    /// <summary>Reads <paramref name="source"/>'s text line by line as psql does: a backslash outside a quoted string starts a meta-command.</summary>
    public static PsqlScript Read(SqlSource source, string cwd)
    {
        var variables = new Dictionary<string, string>(source.Variables ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var sql = new StringBuilder(source.Text.Length);
        var script = new PsqlScript("", [], [], []);
        var inQuote = false;
        foreach (var line in source.Text.Split('\n'))
        {
            var meta = MetaStart(line, ref inQuote);
            var sqlPart = meta < 0 ? line : line[..meta];
            sql.Append(variables.Count > 0 ? Interpolate(sqlPart, variables) : sqlPart).Append('\n');
            if (meta >= 0)
            {
                script.Meta(line[meta..], variables, source, cwd);
            }
        }

        return script with { Sql = sql.ToString() };
    }

    /// <summary>Where a backslash command starts in a line, or -1; tracks single-quoted strings that span lines.</summary>
    private static int MetaStart(string line, ref bool inQuote)
    {
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\'')
            {
                inQuote = !inQuote;
            }
            else if (!inQuote && c == '-' && i + 1 < line.Length && line[i + 1] == '-')
            {
                return -1;
            }
            else if (!inQuote && c == '\\' && i + 1 < line.Length && (char.IsAsciiLetter(line[i + 1]) || line[i + 1] is '!' or '?'))
            {
                return i;
            }
        }

        return -1;
    }

    private void Meta(string text, Dictionary<string, string> variables, SqlSource source, string cwd)
    {
        // Several meta-commands can share a line ("\set a 1 \set b 2"); each runs to the next backslash command.
        foreach (var command in SplitCommands(text))
        {
            var space = command.IndexOfAny([' ', '\t']);
            var name = space < 0 ? command : command[..space];
            var argument = space < 0 ? "" : command[(space + 1)..].Trim();
            switch (name)
            {
                case "\\!":
                    ShellCommands.Add(argument);
                    Unclear.Add($"psql's \\! runs the shell command `{argument}`");
                    break;
                case "\\o" or "\\out" or "\\g" or "\\gx" or "\\w" or "\\write" when argument.StartsWith('|'):
                    Unclear.Add($"psql's {name} pipes query results into the shell command `{argument[1..].Trim()}`, which may run them");
                    ShellCommands.Add(argument[1..].Trim());
                    break;
                case "\\gexec":
                    Unclear.Add("psql's \\gexec runs the query's results as SQL, which the hook cannot see");
                    break;
                case "\\copy":
                    Copy(argument, source);
                    break;
                case "\\set":
                    Set(argument, variables);
                    break;
                case "\\unset":
                    variables.Remove(argument);
                    break;
                case "\\gset":
                    Unclear.Add("psql's \\gset sets variables from query results, so SQL that uses them cannot be seen");
                    break;
                case "\\i" or "\\ir" or "\\include" or "\\include_relative":
                    Include(name, argument.Trim('\'', '"'), source, cwd);
                    break;
            }
        }
    }

    private static IEnumerable<string> SplitCommands(string text)
    {
        var start = 0;
        for (var i = 1; i < text.Length; i++)
        {
            // "\\" separates commands too; the first command's argument (\! …) takes the rest of the line.
            if (text[i] == '\\' && text[i - 1] is ' ' or '\t' && i + 1 < text.Length && char.IsAsciiLetter(text[i + 1]) && !text[start..].StartsWith("\\!", StringComparison.Ordinal))
            {
                yield return text[start..i].Trim();
                start = i;
            }
        }

        yield return text[start..].Trim();
    }

    private void Copy(string argument, SqlSource source)
    {
        if (argument.Contains(" program ", StringComparison.OrdinalIgnoreCase))
        {
            Unclear.Add($"psql's \\copy … program runs a shell command on this machine ({argument})");
        }

        if (!argument.StartsWith('('))
        {
            return;
        }

        var depth = 0;
        for (var i = 0; i < argument.Length; i++)
        {
            depth += argument[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0)
            {
                Nested.Add(source with { Origin = source.Origin + " \\copy query", Text = argument[1..i], Fragment = false });
                return;
            }
        }

        Unclear.Add($"psql's \\copy query is not closed ({argument})");
    }

    private void Set(string argument, Dictionary<string, string> variables)
    {
        var space = argument.IndexOfAny([' ', '\t']);
        if (argument.Length == 0)
        {
            return;
        }

        var name = space < 0 ? argument : argument[..space];
        var value = new StringBuilder();
        var rest = space < 0 ? "" : argument[(space + 1)..].Trim();
        for (var i = 0; i < rest.Length; i++)
        {
            var c = rest[i];
            if (c is '\'' or '`')
            {
                var end = rest.IndexOf(c, i + 1);
                end = end < 0 ? rest.Length : end;
                var quoted = rest[(i + 1)..end];
                if (c == '`')
                {
                    // psql runs a backquoted command and takes its output: the value cannot be known.
                    ShellCommands.Add(quoted);
                    Unclear.Add($"psql variable {name} is set from the shell command `{quoted}`, whose output the hook cannot see");
                }

                value.Append(quoted);
                i = end;
            }
            else if (c is not (' ' or '\t'))
            {
                value.Append(c);
            }
        }

        variables[name] = value.ToString();
    }

    private void Include(string command, string file, SqlSource source, string cwd)
    {
        var path = Path.IsPathRooted(file) ? file : Path.Combine(cwd, file);
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length <= ShellSqlExtractor.MaxFileBytes)
            {
                Nested.Add(source with { Origin = $"{source.Origin} {command} {file}", Text = File.ReadAllText(path), Fragment = false });
                return;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
        }

        Unclear.Add($"psql's {command} runs the file {file}, which the hook cannot read (looked in {Path.GetDirectoryName(path)})");
    }

    private static string Interpolate(string sql, Dictionary<string, string> variables) =>
        PsqlVariable().Replace(sql, match =>
        {
            var name = match.Groups["name"].Value;
            if (!variables.TryGetValue(name, out var value))
            {
                return match.Value;
            }

            return match.Groups["quote"].Value switch
            {
                "'" => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'",
                "\"" => Identifiers.Quoted(value),
                _ => value,
            };
        });

    // :name, :'name', :"name" — but not the :: of a cast.
    [GeneratedRegex("""(?<!:):(?<quote>['"]?)(?<name>[A-Za-z_][A-Za-z0-9_]*)\k<quote>""", RegexOptions.CultureInvariant)]
    private static partial Regex PsqlVariable();
}
