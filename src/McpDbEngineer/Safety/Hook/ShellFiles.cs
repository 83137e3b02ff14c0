using System.Text;

namespace McpDbEngineer.Safety.Hook;

/// <summary>What a command writes on its standard output, when the hook can know it; otherwise why not (the command as written).</summary>
internal readonly record struct ShellOutput(string? Text, string Why);

/// <summary>
/// The files one command line reads and writes, and the text its simple commands print: a file written earlier in
/// the line (<c>printf … &gt; ok.sql &amp;&amp; psql -f ok.sql</c>) is read from what was written, any other from disk
/// relative to the event's cwd; <c>echo</c>, <c>printf</c>, <c>cat</c> and <c>tee</c> print text the hook can know.
/// </summary>
internal sealed class ShellFiles(string cwd)
{
    /// <summary>The directory relative paths are resolved against: the event's cwd, then wherever <c>cd</c> moved the line.</summary>
    public string Directory { get; private set; } = cwd;

    /// <summary>Follows a <c>cd</c> to a literal directory; a <c>cd</c> the hook cannot follow (<c>cd $DIR</c>, <c>cd -</c>) leaves it.</summary>
    public void ChangeDirectory(string? path)
    {
        if (path is null or "-" || ShellCommandParser.Unresolved(path).Count > 0)
        {
            return;
        }

        var expanded = path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~').TrimStart('/'))
            : path;
        Directory = Path.GetFullPath(Path.IsPathRooted(expanded) ? expanded : Path.Combine(Directory, expanded));
    }

    // Files an earlier command of this line writes: their content, or null when it cannot be known.
    private readonly Dictionary<string, string?> written = new(StringComparer.Ordinal);

    /// <summary>Records that the line writes <paramref name="text"/> (null: unknown text) to <paramref name="path"/>.</summary>
    public void Remember(string path, string? text) => written[path] = text;

    /// <summary>True when an earlier command of this line writes the file.</summary>
    public bool WrittenByTheLine(string path) => written.ContainsKey(path);

    /// <summary>Reads a file a command runs: from what this line wrote to it, else from disk relative to the event's cwd.</summary>
    public SqlSource ReadFile(string origin, string path)
    {
        if (ShellCommandParser.Unresolved(path) is [_, ..] names)
        {
            return SqlSource.Unreadable(origin, $"the file is named by the shell variable {string.Join(", ", names.Select(name => "$" + name))}, which the hook cannot resolve");
        }

        if (path.StartsWith("<(", StringComparison.Ordinal) && ShellCommandParser.SubstitutionSpans(path) is [var substitution])
        {
            var produced = ProduceLine(substitution.Inner);
            return produced.Text is null
                ? SqlSource.Unreadable(origin, $"it reads the output of `{substitution.Inner}`, which the hook cannot see before it runs")
                : new SqlSource(origin, produced.Text);
        }

        if (written.TryGetValue(path, out var content))
        {
            return content is null
                ? SqlSource.Unreadable(origin, $"the file {path} is written by this same command line with content the hook cannot see")
                : new SqlSource(origin, content);
        }

        try
        {
            var expanded = path.StartsWith("~/", StringComparison.Ordinal)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
                : path;
            var full = Path.IsPathRooted(expanded) ? expanded : Path.Combine(Directory, expanded);
            if (Path.GetFileName(full).IndexOfAny(['*', '?', '[']) >= 0)
            {
                return Glob(origin, path, full);
            }

            var info = new FileInfo(full);
            if (!info.Exists)
            {
                return SqlSource.Unreadable(origin, $"the file {path} does not exist yet, so its contents are unknown (looked in {Path.GetDirectoryName(full)})");
            }

            return info.Length > ShellSqlExtractor.MaxFileBytes
                ? SqlSource.Unreadable(origin, $"the file {path} is too large to check ({info.Length / (1024 * 1024)} MB)")
                : new SqlSource(origin, File.ReadAllText(full, Encoding.UTF8));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return SqlSource.Unreadable(origin, $"the file {path} cannot be read ({e.Message})");
        }
    }

    /// <summary>A file name pattern (<c>migrations/*.sql</c>): the shell expands it, so every file it matches is read, in order.</summary>
    private static SqlSource Glob(string origin, string path, string full)
    {
        var folder = Path.GetDirectoryName(full)!;
        var matches = System.IO.Directory.Exists(folder)
            ? System.IO.Directory.GetFiles(folder, Path.GetFileName(full)).Order(StringComparer.Ordinal).ToList()
            : [];
        if (matches.Count == 0)
        {
            return SqlSource.Unreadable(origin, $"no file matches {path} yet, so what runs is unknown (looked in {folder})");
        }

        if (matches.Sum(match => new FileInfo(match).Length) > ShellSqlExtractor.MaxFileBytes)
        {
            return SqlSource.Unreadable(origin, $"the files matching {path} are too large to check");
        }

        return new SqlSource(origin, string.Join('\n', matches.Select(match => File.ReadAllText(match, Encoding.UTF8))));
    }

    /// <summary>What a command writes on its standard output, when that is plain text the hook can know (echo, printf, cat).</summary>
    public ShellOutput Produce(ShellCommand command, ShellCommand? upstream)
    {
        var words = command.Words.SkipWhile(ShellCommandParser.IsAssignment).ToList();
        var program = words.Count > 0 ? Path.GetFileName(words[0]) : "";
        var arguments = words.Skip(1).ToList();
        var why = $"`{ShellCommandParser.Display(string.Join(' ', words))}`";
        switch (program)
        {
            case "echo":
                var escapes = arguments.Contains("-e");
                var text = string.Join(' ', arguments.SkipWhile(a => a is "-e" or "-n" or "-E"));
                return new ShellOutput(escapes ? Unescape(text) : text, why);
            case "printf":
                return arguments.Count == 0 ? new ShellOutput("", why) : new ShellOutput(Printf(arguments[0], arguments.Skip(1).ToList()), why);
            case "cat":
                var files = arguments.Where(a => !a.StartsWith('-')).ToList();
                if (files.Count == 0)
                {
                    return command.Heredoc is { } heredoc ? new ShellOutput(heredoc, why)
                        : command.InputFile is { } input ? FromFile(input, why)
                        : upstream is not null ? Produce(upstream, null) with { Why = why }
                        : new ShellOutput(null, why);
                }

                var all = new StringBuilder();
                foreach (var file in files)
                {
                    var one = FromFile(file, why);
                    if (one.Text is null)
                    {
                        return one;
                    }

                    all.Append(one.Text).Append('\n');
                }

                return new ShellOutput(all.ToString(), why);
            case "tee":
                return upstream is not null ? Produce(upstream, null) : new ShellOutput(command.Heredoc, why);
            default:
                return new ShellOutput(null, why);
        }
    }

    private ShellOutput FromFile(string path, string why)
    {
        var file = ReadFile(why, path);
        return file.Kind == SourceKind.Unknown ? new ShellOutput(null, $"{why} ({file.Text})") : new ShellOutput(file.Text, why);
    }

    /// <summary>The output of a command substitution's command line, when it is one command that writes known text.</summary>
    public ShellOutput ProduceLine(string commandLine)
    {
        var commands = ShellCommandParser.Parse(commandLine);
        return commands switch
        {
            // $(< file): the shell's own way of reading a file.
            [{ Words.Count: 0, InputFile: { } file }] => FromFile(file, $"`< {file}`"),
            [var one] => Produce(one, null),
            _ => new ShellOutput(null, $"`{commandLine}`"),
        };
    }

    private static string Printf(string format, List<string> arguments)
    {
        var text = new StringBuilder();
        var next = 0;
        var unescaped = Unescape(format);
        for (var i = 0; i < unescaped.Length; i++)
        {
            if (unescaped[i] == '%' && i + 1 < unescaped.Length)
            {
                var conversion = unescaped[++i];
                text.Append(conversion == '%' ? "%" : next < arguments.Count ? arguments[next++] : "");
                continue;
            }

            text.Append(unescaped[i]);
        }

        return text.ToString();
    }

    private static string Unescape(string text) =>
        text.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\t", "\t", StringComparison.Ordinal);
}
