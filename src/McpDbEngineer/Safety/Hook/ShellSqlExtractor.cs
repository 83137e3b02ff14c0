using System.Text;

namespace McpDbEngineer.Safety.Hook;

/// <summary>
/// Finds what a shell command line runs against a database. It reads the line as a POSIX shell splits it
/// (<see cref="ShellCommandParser"/>) and follows it the way the shell would: into command substitutions,
/// <c>sh -c</c> strings, <c>eval</c>, <c>ssh host "…"</c>, scripts piped or redirected into a shell, and past
/// wrappers (<c>sudo</c>, <c>env</c>, <c>timeout</c>, <c>docker exec</c>, <c>kubectl exec</c>, <c>xargs</c>, <c>npx</c> …).
/// For psql it reads <c>-c</c>, <c>-f</c>, <c>-v</c>, here-documents, redirections and pipes; it knows the other
/// clients that destroy (<c>dropdb</c>, <c>pg_restore --clean</c>, <c>pgbench -i</c>), reads the SQL strings of
/// Python/Node/Ruby one-liners, knows the migration tools' destructive subcommands, and inspects files written by
/// an earlier command of the same line. Whatever it cannot see becomes an <see cref="SourceKind.Unknown"/> source.
/// </summary>
internal sealed class ShellSqlExtractor
{
    public const int MaxFileBytes = 10 * 1024 * 1024;

    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "bash", "sh", "zsh", "dash", "ksh", "ash", "fish" };

    // Programs that run the command given in their arguments: the hook looks for a known program among them.
    private static readonly HashSet<string> Wrappers = new(StringComparer.Ordinal)
    {
        "sudo", "doas", "env", "nohup", "timeout", "nice", "ionice", "time", "command", "exec", "stdbuf", "unbuffer", "setsid",
        "flock", "watch", "chronic", "xargs", "parallel", "docker", "podman", "kubectl", "oc", "npx", "bunx", "pnpx", "yarn", "pnpm", "make",
        "npm", "bundle", "poetry", "pipenv", "uv", "pdm", "hatch", "direnv", "dotenv", "nix-shell", "devbox", "find",
    };

    // Reserved words that open a command list ("if true; then psql …", "for …; do psql …", "{ psql …; }").
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal) { "if", "then", "else", "elif", "do", "while", "until", "!", "{", "}" };

    private static readonly HashSet<string> Pythons = new(StringComparer.Ordinal) { "python", "python3", "python2", "py", "pypy", "pypy3" };

    private static readonly HashSet<string> Clients = new(StringComparer.Ordinal)
    {
        "psql", "dropdb", "dropuser", "pg_restore", "pgbench", "ssh", "eval", "su", "runuser", "node", "nodejs", "deno", "bun", "ruby", "perl", "php",
        "rm", "shred", "pg_resetwal", "pg_resetxlog",
    };

    // psql's short options that take a value; the others are flags that may be bundled (-Atc "…").
    private const string PsqlOptionsWithValue = "cdfhpUvoLPFRT";

    // ssh's options that take a value, so the host is the first word that is neither an option nor its value.
    private const string SshOptionsWithValue = "BbcDEeFIiJLlmOoPpQRSWw";

    private readonly string cwd;
    private readonly int depth;
    private readonly List<SqlSource> sources = [];

    // Files an earlier command of this line writes: their content, or null when it cannot be known.
    private readonly Dictionary<string, string?> written = new(StringComparer.Ordinal);

    private ShellSqlExtractor(string cwd, int depth)
    {
        this.cwd = cwd;
        this.depth = depth;
    }

    public static List<SqlSource> Extract(string commandLine, string cwd, int depth = 0)
    {
        var extractor = new ShellSqlExtractor(cwd, depth);
        if (depth > SqlInspection.MaxDepth)
        {
            extractor.sources.Add(SqlSource.Unreadable("shell", $"the command nests deeper than the hook follows ({SqlInspection.MaxDepth} levels)"));
            return extractor.sources;
        }

        extractor.Line(commandLine);
        return extractor.sources;
    }

    /// <summary>True when <paramref name="text"/> reads as a command line that starts with a program the hook follows.</summary>
    public static bool StartsWithKnownProgram(string text)
    {
        var first = text.TrimStart().Split((char[])[' ', '\t', '\n'], 2)[0];
        return first.Length > 0 && (IsKnown(Path.GetFileName(first)) || Path.GetFileName(first) is "dropdb" or "dropuser");
    }

    private static bool IsKnown(string program) =>
        Shells.Contains(program) || Wrappers.Contains(program) || Pythons.Contains(program) || Clients.Contains(program)
        || MigrationCommands.Knows(program) || program.StartsWith("python3.", StringComparison.Ordinal);

    private void Line(string commandLine)
    {
        var commands = ShellCommandParser.Parse(commandLine);
        for (var i = 0; i < commands.Count; i++)
        {
            var command = commands[i];
            var upstream = i > 0 && commands[i - 1].PipesToNext ? commands[i - 1] : null;
            foreach (var word in command.Words.Concat(command.OutputFiles).Append(command.InputFile ?? ""))
            {
                foreach (var inner in Substitutions(word))
                {
                    Nested(inner);
                }
            }

            var words = command.Words.SkipWhile(word => ShellCommandParser.IsAssignment(word) || Keywords.Contains(word)).ToList();
            if (words.Count > 0)
            {
                Run(words, command, upstream, viaXargs: false);
            }

            if (words.Count > 0 && Path.GetFileName(words[0]) == "tee")
            {
                foreach (var file in words.Skip(1).Where(word => !word.StartsWith('-')))
                {
                    Wrote(file, upstream is not null ? Produce(upstream, null) : new Produced(command.Heredoc, "its input"));
                }
            }

            foreach (var file in command.OutputFiles)
            {
                Wrote(file, words.Count > 0 ? Produce(command, upstream) : new Produced(command.Heredoc, "its input"));
            }
        }
    }

    private void Run(List<string> words, ShellCommand command, ShellCommand? upstream, bool viaXargs)
    {
        if (IsUnseen(words[0]))
        {
            sources.Add(SqlSource.Unreadable(ShellCommandParser.Display(words[0]), $"the program it runs is named by `{ShellCommandParser.Display(words[0])}`, which the hook cannot see"));
            return;
        }

        var program = Path.GetFileName(words[0]);
        if (DataDirectories.Destroys(program, words) is { } destroys)
        {
            sources.Add(destroys);
            return;
        }

        if (ProjectTasks.Recipe(program, words, cwd) is { } recipe)
        {
            // A task of the project (npm run db:reset, make reset): its command lines are on disk, read for destruction.
            sources.AddRange(Extract(recipe, cwd, depth + 1).Select(source => source with { OnlyDestruction = true }));
            return;
        }

        if (program == "heroku" && words.Count > 1 && words[1] == "pg:psql")
        {
            Psql(words[1..], command, upstream, viaXargs);
            return;
        }

        // Framework shells that start psql: manage.py dbshell [-- psql options], rails dbconsole / rails db.
        if ((program is "manage.py" or "django-admin" && words.Contains("dbshell")) || (program == "rails" && words.Count > 1 && words[1] is "dbconsole" or "db"))
        {
            var separator = words.IndexOf("--");
            Psql(["psql", .. separator > 0 ? words[(separator + 1)..] : []], command, upstream, viaXargs);
            return;
        }

        if (Wrappers.Contains(program) || (program is "su" or "runuser" && !words.Contains("-c") && !words.Contains("--command")))
        {
            var next = words.FindIndex(1, word => IsKnown(Path.GetFileName(word)));
            if (next > 0)
            {
                Run(words[next..], command, upstream, viaXargs || program is "xargs" or "parallel");
            }

            return;
        }

        if (Shells.Contains(program))
        {
            Shell(program, words, command, upstream);
            return;
        }

        if (Pythons.Contains(program) || program.StartsWith("python3.", StringComparison.Ordinal))
        {
            Python(words, command, upstream, viaXargs);
            return;
        }

        switch (program)
        {
            case "eval":
                Nested(string.Join(' ', words.Skip(1)));
                return;
            case "su" or "runuser":
                var c = words.FindIndex(word => word is "-c" or "--command");
                if (c + 1 < words.Count)
                {
                    Nested(words[c + 1]);
                }

                return;
            case "ssh":
                Ssh(words, command, upstream);
                return;
            case "psql":
                Psql(words, command, upstream, viaXargs);
                return;
            case "dropdb":
                sources.Add(SqlSource.Destructive("dropdb", $"dropdb drops the database {Operand(words) ?? "named by its arguments"}"));
                return;
            case "dropuser":
                sources.Add(SqlSource.Destructive("dropuser", $"dropuser drops the role {Operand(words) ?? "named by its arguments"}"));
                return;
            case "pg_restore" when HasFlag(words, 'c', "--clean", "dfFIjLnNPStTUhpe"):
                sources.Add(SqlSource.Destructive("pg_restore --clean", "pg_restore --clean drops every object of the archive in the target database before recreating it"));
                return;
            case "pgbench" when HasFlag(words, 'i', "--initialize", "cCDfjlLMPRsStTUhpb"):
                sources.Add(SqlSource.Destructive("pgbench -i", "pgbench -i drops and recreates the tables pgbench_accounts, pgbench_branches, pgbench_history and pgbench_tellers"));
                return;
            case "node" or "nodejs" or "bun" or "deno":
                OneLiner(words, command, upstream, program, "js", ["-e", "--eval", "-p", "--print", "eval"]);
                return;
            case "ruby":
                OneLiner(words, command, upstream, program, "rb", ["-e"]);
                return;
            case "perl":
                OneLiner(words, command, upstream, program, "pl", ["-e", "-E"]);
                return;
            case "php" when words.Count > 1 && MigrationCommands.Knows(Path.GetFileName(words[1])):
                Run(words[1..], command, upstream, viaXargs);
                return;
            case "php":
                OneLiner(words, command, upstream, program, "php", ["-r"]);
                return;
        }

        if (MigrationCommands.Match(program, words) is { } migration)
        {
            sources.Add(migration);
        }
    }

    private void Shell(string program, List<string> words, ShellCommand command, ShellCommand? upstream)
    {
        var flag = words.FindIndex(1, word => word.Length > 1 && word[0] == '-' && word[1] != '-' && word.Contains('c'));
        if (flag > 0)
        {
            if (flag + 1 < words.Count)
            {
                Nested(words[flag + 1]);
            }

            return;
        }

        var script = words.Skip(1).FirstOrDefault(word => !word.StartsWith('-') && !word.StartsWith('+'));
        if (script is not null)
        {
            var file = ReadFile($"{program} {script}", script);
            if (file.Kind == SourceKind.Unknown)
            {
                sources.Add(file);
            }
            else if (written.ContainsKey(script))
            {
                Nested(file.Text);
            }
            else
            {
                sources.AddRange(Extract(file.Text, cwd, depth + 1).Select(source => source with { OnlyDestruction = true }));
            }

            return;
        }

        Stdin($"{program} reads commands from its input", command, upstream, Nested);
    }

    private void Ssh(List<string> words, ShellCommand command, ShellCommand? upstream)
    {
        var i = 1;
        while (i < words.Count && words[i].StartsWith('-'))
        {
            var option = words[i];
            i += option.Length == 2 && SshOptionsWithValue.Contains(option[1]) ? 2 : 1;
        }

        // The remote shell parses the rest again, joined by spaces: that is what ssh sends.
        var remote = string.Join(' ', words.Skip(i + 1));
        if (remote.Length > 0)
        {
            Nested(remote);
        }
        else
        {
            Stdin("ssh runs its input on the remote host", command, upstream, Nested);
        }
    }

    private void Python(List<string> words, ShellCommand command, ShellCommand? upstream, bool viaXargs)
    {
        for (var i = 1; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "-c" when i + 1 < words.Count:
                    Program($"{words[0]} -c", words[i + 1], "py");
                    return;
                case "-m" when i + 1 < words.Count:
                    Run(words[(i + 1)..], command, upstream, viaXargs);
                    return;
                case "-":
                    Stdin("python reads its program from its input", command, upstream, code => Program(words[0], code, "py"));
                    return;
            }

            if (!words[i].StartsWith('-'))
            {
                var script = Path.GetFileName(words[i]);
                if (MigrationCommands.Knows(script))
                {
                    Run(words[i..], command, upstream, viaXargs);
                }
                else
                {
                    Script($"{words[0]} {words[i]}", words[i], "py");
                }

                return;
            }
        }

        Stdin("python reads its program from its input", command, upstream, code => Program(words[0], code, "py"));
    }

    private void OneLiner(List<string> words, ShellCommand command, ShellCommand? upstream, string program, string language, string[] evalFlags)
    {
        for (var i = 1; i < words.Count; i++)
        {
            if (evalFlags.Contains(words[i]) && i + 1 < words.Count)
            {
                Program($"{program} {words[i]}", words[i + 1], language);
                return;
            }

            if (!words[i].StartsWith('-'))
            {
                Script($"{program} {words[i]}", words[i], language);
                return;
            }
        }

        if (command.Heredoc is not null || upstream is not null)
        {
            Stdin($"{program} reads its program from its input", command, upstream, code => Program(program, code, language));
        }
    }

    /// <summary>
    /// A script file a program runs: read in full when the same line wrote it; read for destruction only when it was
    /// already on disk (see <see cref="SqlSource.OnlyDestruction"/>); a missing script runs nothing.
    /// </summary>
    private void Script(string origin, string path, string language)
    {
        var file = ReadFile(origin, path);
        if (file.Kind == SourceKind.Unknown)
        {
            return;
        }

        if (written.ContainsKey(path))
        {
            Program(origin, file.Text, language);
        }
        else
        {
            sources.Add(SqlSource.Program(origin, file.Text, language, runs: true) with { OnlyDestruction = true });
        }
    }

    private void Program(string origin, string code, string language)
    {
        if (ShellCommandParser.Unresolved(code) is [_, ..] names)
        {
            sources.Add(SqlSource.Unreadable(origin, $"its program uses the shell variable {string.Join(", ", names.Select(name => "$" + name))}, which the hook cannot resolve"));
        }

        sources.Add(SqlSource.Program(origin, ShellCommandParser.Display(code), language, runs: true));
    }

    private void Psql(List<string> words, ShellCommand command, ShellCommand? upstream, bool viaXargs)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var readsStdin = !viaXargs;
        var pending = new List<(string Option, string Value)>();
        for (var i = 1; i < words.Count; i++)
        {
            var argument = words[i];
            string? option = null;
            string? value = null;
            if (argument.StartsWith("--", StringComparison.Ordinal))
            {
                var equals = argument.IndexOf('=');
                var name = equals >= 0 ? argument[2..equals] : argument[2..];
                option = name switch { "command" => "c", "file" => "f", "set" or "variable" => "v", _ => null };
                if (option is not null)
                {
                    value = equals >= 0 ? argument[(equals + 1)..] : i + 1 < words.Count ? words[++i] : null;
                }
            }
            else if (argument.Length > 1 && argument[0] == '-')
            {
                for (var j = 1; j < argument.Length; j++)
                {
                    if (PsqlOptionsWithValue.Contains(argument[j]))
                    {
                        option = argument[j].ToString();
                        value = j + 1 < argument.Length ? argument[(j + 1)..] : i + 1 < words.Count ? words[++i] : null;
                        break;
                    }
                }
            }

            if (option is "o" && value is not null && value.StartsWith('|'))
            {
                sources.Add(SqlSource.Unreadable("psql -o", $"psql -o pipes query results into the shell command `{value[1..].Trim()}`, which may run them"));
                Nested(value[1..]);
            }
            else if (option is "v" && value is not null && value.IndexOf('=') is var at and > 0)
            {
                variables[value[..at]] = value[(at + 1)..];
            }
            else if (option is "c" or "f")
            {
                pending.Add((option, value ?? ""));
            }
        }

        foreach (var (option, value) in pending)
        {
            if (option == "f" && value == "-")
            {
                continue;
            }

            readsStdin = false;
            if (value.Length == 0 && viaXargs)
            {
                continue;
            }

            sources.Add(option == "c" ? SqlWord("psql -c", value, variables) : SqlFile($"psql -f {ShellCommandParser.Display(value)}", value, variables));
        }

        if (viaXargs)
        {
            sources.Add(SqlSource.Unreadable("xargs psql", "xargs adds what it reads to psql's arguments, which the hook cannot see in full"));
            if (upstream is not null && Produce(upstream, null).Text is { } input)
            {
                sources.Add(new SqlSource("xargs psql input", input, Fragment: true, Runs: true, Variables: variables));
            }
        }

        if (readsStdin)
        {
            Stdin("psql reads SQL from its input", command, upstream, sql => sources.Add(SqlWord("psql input", sql, variables)), variables);
        }
    }

    /// <summary>What a program reads on its standard input: its here-document, its &lt; file, or what the command before the pipe writes.</summary>
    private void Stdin(string reads, ShellCommand command, ShellCommand? upstream, Action<string> use, IReadOnlyDictionary<string, string>? variables = null)
    {
        if (command.Heredoc is { } heredoc)
        {
            use(heredoc);
            return;
        }

        if (command.InputFile is { } file)
        {
            var source = ReadFile($"< {ShellCommandParser.Display(file)}", file);
            if (source.Kind == SourceKind.Unknown)
            {
                sources.Add(source);
            }
            else
            {
                use(source.Text);
            }

            return;
        }

        if (upstream is null)
        {
            return;
        }

        if (PgDump(upstream) is { } dump)
        {
            sources.Add(dump);
            return;
        }

        var produced = Produce(upstream, null);
        if (produced.Text is { } text)
        {
            use(text);
        }
        else
        {
            sources.Add(SqlSource.Unreadable($"{produced.Why} | …", $"{reads}: the output of {produced.Why}, which the hook cannot see before it runs"));
        }
    }

    private static SqlSource? PgDump(ShellCommand upstream)
    {
        var words = upstream.Words.SkipWhile(ShellCommandParser.IsAssignment).ToList();
        var program = words.FindIndex(word => Path.GetFileName(word) is "pg_dump" or "pg_dumpall");
        if (program < 0)
        {
            return null;
        }

        var rest = words[program..];
        return HasFlag(rest, 'c', "--clean", "dfFjnNtTUhpSeEZ")
            ? SqlSource.Destructive("pg_dump --clean | psql", "a dump made with --clean starts by dropping every object it contains, in the database psql connects to")
            : SqlSource.Unreadable("pg_dump | psql", "psql runs the output of pg_dump, which the hook cannot see before it runs (a dump can drop and recreate objects)");
    }

    /// <summary>SQL handed to psql as a word: variables the line does not set, or command substitutions, make it unknown.</summary>
    private SqlSource SqlWord(string origin, string value, IReadOnlyDictionary<string, string> variables)
    {
        if (ShellCommandParser.Unresolved(value) is [_, ..] names)
        {
            return SqlSource.Unreadable(origin, $"its SQL uses the shell variable {string.Join(", ", names.Select(name => "$" + name))}, whose value the hook cannot see");
        }

        var resolved = new StringBuilder();
        var last = 0;
        foreach (var (start, length, inner) in SubstitutionSpans(value))
        {
            var produced = ProduceLine(inner);
            if (produced.Text is null)
            {
                return SqlSource.Unreadable(origin, $"its SQL is the output of `{inner}`, which the hook cannot see before it runs");
            }

            resolved.Append(value, last, start - last).Append(produced.Text);
            last = start + length;
        }

        resolved.Append(value, last, value.Length - last);
        return new SqlSource(origin, resolved.ToString(), Runs: true, Variables: variables);
    }

    private SqlSource SqlFile(string origin, string path, IReadOnlyDictionary<string, string> variables)
    {
        var file = ReadFile(origin, path);
        return file.Kind == SourceKind.Unknown ? file : file with { Runs = true, Variables = variables };
    }

    /// <summary>Reads a file a command runs: from what this line wrote to it, else from disk relative to the event's cwd.</summary>
    private SqlSource ReadFile(string origin, string path)
    {
        if (ShellCommandParser.Unresolved(path) is [_, ..] names)
        {
            return SqlSource.Unreadable(origin, $"the file is named by the shell variable {string.Join(", ", names.Select(name => "$" + name))}, which the hook cannot resolve");
        }

        if (path.StartsWith("<(", StringComparison.Ordinal) && SubstitutionSpans(path) is [var substitution])
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
            var full = Path.IsPathRooted(expanded) ? expanded : Path.Combine(cwd, expanded);
            var info = new FileInfo(full);
            if (!info.Exists)
            {
                return SqlSource.Unreadable(origin, $"the file {path} does not exist yet, so its contents are unknown (looked in {Path.GetDirectoryName(full)})");
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

    /// <summary>
    /// A file this line writes: remembered for later commands, and inspected now when it is a migration or SQL file.
    /// Unknown content (<c>pg_dump shop &gt; backup.sql</c>) is only remembered: running it later is what would need a look.
    /// </summary>
    private void Wrote(string path, Produced produced)
    {
        written[path] = produced.Text;
        var origin = $"shell write to {ShellCommandParser.Display(path)}";
        if (produced.Text is { } text)
        {
            sources.AddRange(MigrationFiles.Sources(origin, path, text, fragment: false));
        }
    }

    /// <summary>What a command writes on its standard output, when that is plain text the hook can know (echo, printf, cat).</summary>
    private Produced Produce(ShellCommand command, ShellCommand? upstream)
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
                return new Produced(escapes ? Unescape(text) : text, why);
            case "printf":
                return arguments.Count == 0 ? new Produced("", why) : new Produced(Printf(arguments[0], arguments.Skip(1).ToList()), why);
            case "cat":
                var files = arguments.Where(a => !a.StartsWith('-')).ToList();
                if (files.Count == 0)
                {
                    return command.Heredoc is { } heredoc ? new Produced(heredoc, why)
                        : command.InputFile is { } input ? FromFile(input, why)
                        : upstream is not null ? Produce(upstream, null) with { Why = why }
                        : new Produced(null, why);
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

                return new Produced(all.ToString(), why);
            case "tee":
                return upstream is not null ? Produce(upstream, null) : new Produced(command.Heredoc, why);
            default:
                return new Produced(null, why);
        }
    }

    private Produced FromFile(string path, string why)
    {
        var file = ReadFile(why, path);
        return file.Kind == SourceKind.Unknown ? new Produced(null, $"{why} ({file.Text})") : new Produced(file.Text, why);
    }

    /// <summary>The output of a command substitution's command line, when it is one command that writes known text.</summary>
    private Produced ProduceLine(string commandLine)
    {
        var commands = ShellCommandParser.Parse(commandLine);
        return commands.Count == 1 ? Produce(commands[0], null) : new Produced(null, $"`{commandLine}`");
    }

    /// <summary>Shell code the line runs (<c>sh -c</c>, <c>eval</c>, <c>ssh</c>'s remote command, <c>\!</c>): read like the line itself.</summary>
    private void Nested(string commandLine)
    {
        sources.AddRange(Extract(commandLine, cwd, depth + 1));
    }

    /// <summary>
    /// A program name only running the line can tell: a variable it does not set (<c>$PSQL</c>, but not
    /// <c>$HOME/.dotnet/dotnet</c>, whose program is plain), or a command's output (<c>$(which psql)</c>).
    /// </summary>
    private static bool IsUnseen(string word) =>
        Path.GetFileName(word).Contains(ShellCommandParser.UnresolvedStart) || word.StartsWith("$(", StringComparison.Ordinal) || word.StartsWith('`');

    /// <summary>The command lines inside <c>$(…)</c> and backquotes of a word, outermost first.</summary>
    private static IEnumerable<string> Substitutions(string word) => SubstitutionSpans(word).Select(span => span.Inner);

    private static List<(int Start, int Length, string Inner)> SubstitutionSpans(string word)
    {
        var spans = new List<(int, int, string)>();
        var i = 0;
        while (i < word.Length)
        {
            if (word[i] is '$' or '<' && i + 1 < word.Length && word[i + 1] == '(')
            {
                var depth = 1;
                var j = i + 2;
                while (j < word.Length && depth > 0)
                {
                    depth += word[j] switch { '(' => 1, ')' => -1, _ => 0 };
                    j++;
                }

                var close = depth == 0 ? j - 1 : word.Length;
                spans.Add((i, j - i, word[(i + 2)..close]));
                i = j;
            }
            else if (word[i] == '`')
            {
                var close = word.IndexOf('`', i + 1);
                close = close < 0 ? word.Length : close;
                spans.Add((i, Math.Min(close + 1, word.Length) - i, word[(i + 1)..close]));
                i = close + 1;
            }
            else
            {
                i++;
            }
        }

        return spans;
    }

    private static bool HasFlag(List<string> words, char flag, string longName, string optionsWithValue)
    {
        for (var i = 1; i < words.Count; i++)
        {
            var word = words[i];
            if (word == longName || word.StartsWith(longName + "=", StringComparison.Ordinal))
            {
                return true;
            }

            if (word.Length > 1 && word[0] == '-' && word[1] != '-')
            {
                foreach (var c in word.AsSpan(1))
                {
                    if (c == flag)
                    {
                        return true;
                    }

                    if (optionsWithValue.Contains(c))
                    {
                        break;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>The last argument that is not an option: the database or role dropdb/dropuser drops.</summary>
    private static string? Operand(List<string> words) =>
        words.Skip(1).LastOrDefault(word => !word.StartsWith('-')) is { } name ? ShellCommandParser.Display(name) : null;

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

    private readonly record struct Produced(string? Text, string Why);
}
