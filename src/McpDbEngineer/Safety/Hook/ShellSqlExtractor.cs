using System.Text;

namespace McpDbEngineer.Safety.Hook;

/// <summary>
/// Finds the SQL a shell command line hands to psql: <c>-c</c>/<c>--command</c>, <c>-f</c>/<c>--file</c>, here-documents,
/// here-strings, <c>&lt; file</c>, and <c>echo …|</c> or <c>cat file |</c> pipelines; it also looks inside
/// <c>bash -c '…'</c> and <c>eval</c>. It reads the command the way a POSIX shell splits it (quotes, escapes,
/// operators), without expanding variables: SQL text rarely needs them, and guessing them would only hide things.
/// </summary>
internal static class ShellSqlExtractor
{
    private const int MaxFileBytes = 10 * 1024 * 1024;

    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "bash", "sh", "zsh", "dash", "ksh" };

    // psql's short options that take a value; the others are flags that may be bundled (-Atc "…").
    private const string ShortOptionsWithValue = "cdfhpUvoLPFRT";

    public static List<SqlSource> Extract(string commandLine, string cwd)
    {
        var sources = new List<SqlSource>();
        Collect(commandLine, cwd, sources, depth: 0);
        return sources;
    }

    private static void Collect(string commandLine, string cwd, List<SqlSource> sources, int depth)
    {
        var commands = ShellCommandParser.Parse(commandLine);
        for (var i = 0; i < commands.Count; i++)
        {
            var command = commands[i];
            var words = command.Words.SkipWhile(IsAssignment).ToList();
            if (words.Count == 0)
            {
                continue;
            }

            var program = Path.GetFileName(words[0]);
            if (depth < 4 && Shells.Contains(program) && words.IndexOf("-c") is var flag and >= 0 && flag + 1 < words.Count)
            {
                Collect(words[flag + 1], cwd, sources, depth + 1);
                continue;
            }

            if (depth < 4 && program == "eval")
            {
                Collect(string.Join(' ', words.Skip(1)), cwd, sources, depth + 1);
                continue;
            }

            if (program is "dropdb" or "dropuser")
            {
                sources.Add(new SqlSource(program, program == "dropdb" ? $"DROP DATABASE {Quote(words.LastOrDefault() ?? "")}" : $"DROP ROLE {Quote(words.LastOrDefault() ?? "")}"));
                continue;
            }

            var psql = words.FindIndex(word => Path.GetFileName(word) == "psql");
            if (psql >= 0)
            {
                Psql(words.Skip(psql + 1).ToList(), command, i > 0 && commands[i - 1].PipesToNext ? commands[i - 1] : null, cwd, sources);
            }
        }
    }

    private static void Psql(List<string> arguments, ShellCommand command, ShellCommand? upstream, string cwd, List<SqlSource> sources)
    {
        var readsStdin = true;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            string? option = null;
            string? value = null;
            if (argument.StartsWith("--command", StringComparison.Ordinal) || argument.StartsWith("--file", StringComparison.Ordinal))
            {
                option = argument.StartsWith("--command", StringComparison.Ordinal) ? "c" : "f";
                var equals = argument.IndexOf('=');
                value = equals >= 0 ? argument[(equals + 1)..] : i + 1 < arguments.Count ? arguments[++i] : null;
            }
            else if (argument.Length > 1 && argument[0] == '-' && argument[1] != '-')
            {
                for (var j = 1; j < argument.Length; j++)
                {
                    if (ShortOptionsWithValue.Contains(argument[j]))
                    {
                        option = argument[j].ToString();
                        value = j + 1 < argument.Length ? argument[(j + 1)..] : i + 1 < arguments.Count ? arguments[++i] : null;
                        break;
                    }
                }
            }

            switch (option)
            {
                case "c" when value is not null:
                    readsStdin = false;
                    sources.Add(new SqlSource("psql -c", value));
                    break;
                case "f" when value is not null && value != "-":
                    readsStdin = false;
                    sources.Add(ReadFile($"psql -f {value}", value, cwd));
                    break;
            }
        }

        if (!readsStdin)
        {
            return;
        }

        if (command.Heredoc is { } heredoc)
        {
            sources.Add(new SqlSource("psql here-document", heredoc));
        }
        else if (command.InputFile is { } file)
        {
            sources.Add(ReadFile($"psql < {file}", file, cwd));
        }
        else if (upstream is not null)
        {
            sources.AddRange(Upstream(upstream, cwd));
        }
    }

    /// <summary>What a command piped into psql writes: echo/printf arguments, cat's files or here-document, or unknown.</summary>
    private static IEnumerable<SqlSource> Upstream(ShellCommand upstream, string cwd)
    {
        var words = upstream.Words.SkipWhile(IsAssignment).ToList();
        var program = words.Count > 0 ? Path.GetFileName(words[0]) : "";
        var arguments = words.Skip(1).ToList();
        switch (program)
        {
            case "echo":
                return [new SqlSource("echo | psql", string.Join(' ', arguments.SkipWhile(a => a is "-e" or "-n" or "-E")))];
            case "printf":
                return [new SqlSource("printf | psql", string.Join(' ', arguments).Replace("\\n", "\n", StringComparison.Ordinal))];
            case "cat":
                var files = arguments.Where(a => !a.StartsWith('-')).ToList();
                if (files.Count == 0)
                {
                    return upstream.Heredoc is { } heredoc ? [new SqlSource("cat here-document | psql", heredoc)]
                        : upstream.InputFile is { } input ? [ReadFile($"cat < {input} | psql", input, cwd)]
                        : [SqlSource.Unreadable("cat | psql", "psql reads whatever cat reads from its own input")];
                }

                return files.Select(file => ReadFile($"cat {file} | psql", file, cwd));
            default:
                return [SqlSource.Unreadable($"{program} | psql", $"psql runs the output of `{string.Join(' ', words)}`, which the hook cannot see before it runs")];
        }
    }

    private static SqlSource ReadFile(string origin, string path, string cwd)
    {
        try
        {
            var expanded = path.StartsWith("~/", StringComparison.Ordinal)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
                : path;
            var full = Path.IsPathRooted(expanded) ? expanded : Path.Combine(cwd, expanded);
            var info = new FileInfo(full);
            if (!info.Exists)
            {
                return SqlSource.Unreadable(origin, $"the file {path} does not exist (looked in {Path.GetDirectoryName(full)})");
            }

            return info.Length > MaxFileBytes
                ? SqlSource.Unreadable(origin, $"the file {path} is too large to check ({info.Length / (1024 * 1024)} MB)")
                : new SqlSource(origin, File.ReadAllText(full, Encoding.UTF8));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return SqlSource.Unreadable(origin, $"the file {path} cannot be read ({e.Message})");
        }
    }

    private static bool IsAssignment(string word)
    {
        var equals = word.IndexOf('=');
        return equals > 0 && word[..equals].All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(word[0]);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
