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

    private readonly int depth;
    private readonly List<SqlSource> sources = [];

    private readonly ShellFiles files;

    // Aliases defined earlier in the line (alias p=psql): the shell replaces a command's first word with them.
    private readonly Dictionary<string, List<string>> aliases = new(StringComparer.Ordinal);

    private ShellSqlExtractor(string cwd, int depth)
    {
        this.depth = depth;
        files = new ShellFiles(cwd);
    }

    /// <param name="input">A command whose input the line's first command reads (ssh passes its here-document, its &lt; file or its pipe on).</param>
    /// <param name="inputUpstream">The command piped into <paramref name="input"/>, if any.</param>
    public static List<SqlSource> Extract(string commandLine, string cwd, int depth = 0, ShellCommand? input = null, ShellCommand? inputUpstream = null)
    {
        var extractor = new ShellSqlExtractor(cwd, depth);
        if (depth > SqlInspection.MaxDepth)
        {
            extractor.sources.Add(SqlSource.Unreadable("shell", $"the command nests deeper than the hook follows ({SqlInspection.MaxDepth} levels)"));
            return extractor.sources;
        }

        extractor.Line(commandLine, input, inputUpstream);
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

    private void Line(string commandLine, ShellCommand? input, ShellCommand? inputUpstream)
    {
        var commands = ShellCommandParser.Parse(commandLine);
        var inherits = input is not null && commands is [{ Heredoc: null, InputFile: null }, ..];
        if (inherits)
        {
            commands[0].Heredoc = input!.Heredoc;
            commands[0].InputFile = input.InputFile;
        }

        for (var i = 0; i < commands.Count; i++)
        {
            var command = commands[i];
            if (command.Words is ["alias", .. var definitions])
            {
                Alias(definitions);
                continue;
            }

            if (command.Words.Count > 0 && aliases.TryGetValue(command.Words[0], out var alias))
            {
                command.Words.RemoveAt(0);
                command.Words.InsertRange(0, alias);
            }

            var upstream = i > 0 && commands[i - 1].PipesToNext ? commands[i - 1] : i == 0 && inherits ? inputUpstream : null;
            foreach (var word in command.Words.Concat(command.OutputFiles).Append(command.InputFile ?? ""))
            {
                foreach (var inner in ShellCommandParser.Substitutions(word))
                {
                    Nested(inner);
                }
            }

            var words = command.Words.SkipWhile(word => ShellCommandParser.IsAssignment(word) || Keywords.Contains(word)).ToList();
            if (words is ["cd" or "pushd", ..])
            {
                files.ChangeDirectory(words.Skip(1).FirstOrDefault(word => !word.StartsWith('-')));
                continue;
            }

            if (words.Count > 0)
            {
                Run(words, command, upstream, viaXargs: false);
            }

            if (words.Count > 0 && Path.GetFileName(words[0]) == "tee")
            {
                foreach (var file in words.Skip(1).Where(word => !word.StartsWith('-')))
                {
                    Wrote(file, upstream is not null ? files.Produce(upstream, null) : new ShellOutput(command.Heredoc, "its input"));
                }
            }

            foreach (var file in command.OutputFiles)
            {
                Wrote(file, words.Count > 0 ? files.Produce(command, upstream) : new ShellOutput(command.Heredoc, "its input"));
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

        if (ProjectTasks.Recipe(program, words, files.Directory) is { } recipe)
        {
            // A task of the project (npm run db:reset, make reset): its command lines are on disk, read for destruction.
            sources.AddRange(Extract(recipe, files.Directory, depth + 1).Select(source => source with { OnlyDestruction = true }));
            return;
        }

        if (program == "heroku" && words.Count > 1 && words[1] == "pg:psql")
        {
            Psql(words[1..], command, upstream, viaXargs);
            return;
        }

        // prisma db execute --file x.sql / --stdin: SQL run against the database, read as psql's.
        if (program == "prisma" && words.Contains("db") && words.Contains("execute"))
        {
            var file = words.FindIndex(word => word == "--file");
            if (file > 0 && file + 1 < words.Count)
            {
                sources.Add(SqlFile($"prisma db execute --file {words[file + 1]}", words[file + 1], new Dictionary<string, string>()));
            }
            else if (words.Contains("--stdin"))
            {
                Stdin("prisma db execute reads SQL from its input", command, upstream, sql => sources.Add(SqlWord("prisma db execute input", sql, new Dictionary<string, string>())));
            }

            return;
        }

        // Framework consoles that run code: rails runner "…", rails console < script, manage.py shell -c "…".
        if (program == "rails" && words.Count > 1 && words[1] is "runner" or "r" or "console" or "c")
        {
            ConsoleCode(words, command, upstream, "rails", "rb", code: words[1] is "runner" or "r" ? words.Skip(2).FirstOrDefault(word => !word.StartsWith('-')) : null);
            return;
        }

        if (program is "manage.py" or "django-admin" && words.Contains("shell"))
        {
            var c = words.FindIndex(word => word is "-c" or "--command");
            ConsoleCode(words, command, upstream, program, "py", code: c > 0 && c + 1 < words.Count ? words[c + 1] : null);
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
            var file = files.ReadFile($"{program} {script}", script);
            if (file.Kind == SourceKind.Unknown)
            {
                sources.Add(file);
            }
            else if (files.WrittenByTheLine(script))
            {
                Nested(file.Text);
            }
            else
            {
                sources.AddRange(Extract(file.Text, files.Directory, depth + 1).Select(source => source with { OnlyDestruction = true }));
            }

            return;
        }

        Stdin($"{program} reads commands from its input", command, upstream, Nested);
    }

    private void ConsoleCode(List<string> words, ShellCommand command, ShellCommand? upstream, string program, string language, string? code)
    {
        if (code is not null)
        {
            // rails runner also takes a script file: read it when it is one.
            var file = language == "rb" && code.EndsWith(".rb", StringComparison.Ordinal) ? files.ReadFile($"{program} runner {code}", code) : null;
            Program($"{program} {words[1]}", file is { Kind: SourceKind.Sql } ? file.Text : code, language);
            return;
        }

        Stdin($"{program} reads code from its input", command, upstream, text => Program($"{program} {words[1]}", text, language));
    }

    private void Alias(List<string> definitions)
    {
        foreach (var definition in definitions)
        {
            var equals = definition.IndexOf('=');
            if (equals > 0)
            {
                aliases[definition[..equals]] = ShellCommandParser.Parse(definition[(equals + 1)..]).FirstOrDefault()?.Words ?? [];
            }
        }
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
            // The remote command reads what ssh reads: its here-document, its < file, or the pipe into ssh.
            sources.AddRange(Extract(remote, files.Directory, depth + 1, command, upstream));
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
        var file = files.ReadFile(origin, path);
        if (file.Kind == SourceKind.Unknown)
        {
            return;
        }

        if (files.WrittenByTheLine(path))
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

        foreach (var (_, _, inner) in ShellCommandParser.SubstitutionSpans(code))
        {
            if (files.ProduceLine(inner).Text is null)
            {
                sources.Add(SqlSource.Unreadable(origin, $"its program is built from the output of `{ShellCommandParser.Display(inner)}`, which the hook cannot see before it runs"));
            }
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
            if (option == "f" && value is "-" or "/dev/stdin" or "/dev/fd/0")
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
            if (upstream is not null && files.Produce(upstream, null).Text is { } input)
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
            var source = files.ReadFile($"< {ShellCommandParser.Display(file)}", file);
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

        var produced = files.Produce(upstream, null);
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
        foreach (var (start, length, inner) in ShellCommandParser.SubstitutionSpans(value))
        {
            var produced = files.ProduceLine(inner);
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
        var file = files.ReadFile(origin, path);
        return file.Kind == SourceKind.Unknown ? file : file with { Runs = true, Variables = variables };
    }

    /// <summary>
    /// A file this line writes: remembered for later commands, and inspected now when it is a migration or SQL file.
    /// Unknown content (<c>pg_dump shop &gt; backup.sql</c>) is only remembered: running it later is what would need a look.
    /// </summary>
    private void Wrote(string path, ShellOutput produced)
    {
        files.Remember(path, produced.Text);
        var origin = $"shell write to {ShellCommandParser.Display(path)}";
        if (produced.Text is { } text)
        {
            sources.AddRange(MigrationFiles.Sources(origin, path, text, fragment: false));
        }
    }

    /// <summary>Shell code the line runs (<c>sh -c</c>, <c>eval</c>, <c>ssh</c>'s remote command, <c>\!</c>): read like the line itself.</summary>
    private void Nested(string commandLine)
    {
        sources.AddRange(Extract(commandLine, files.Directory, depth + 1));
    }

    /// <summary>
    /// A program name only running the line can tell: a variable it does not set (<c>$PSQL</c>, but not
    /// <c>$HOME/.dotnet/dotnet</c>, whose program is plain), or a command's output (<c>$(which psql)</c>).
    /// </summary>
    private static bool IsUnseen(string word) =>
        Path.GetFileName(word).Contains(ShellCommandParser.UnresolvedStart) || word.StartsWith("$(", StringComparison.Ordinal) || word.StartsWith('`');

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

}
