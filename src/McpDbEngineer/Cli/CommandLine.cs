namespace McpDbEngineer.Cli;

/// <summary>One option a subcommand accepts, and the configuration key it sets.</summary>
public sealed record CliOption(string Name, string ConfigurationKey, string ValueName, string Help);

/// <summary>A subcommand: its words (e.g. "hook pre-tool-use"), what it does and its options.</summary>
/// <param name="Operands">What the arguments that are not options stand for ("FILES…"); null when the command takes none.</param>
public sealed record CliCommand(string Words, string Help, IReadOnlyList<CliOption> Options, string? Operands = null);

/// <summary>What the user asked for: a command with configuration overrides and operands, or help/version.</summary>
public sealed record CliInvocation(CliCommand? Command, IReadOnlyDictionary<string, string?> Settings, bool ShowHelp, bool ShowVersion)
{
    public IReadOnlyList<string> Operands { get; init; } = [];
}

/// <summary>
/// A small parser over a table of subcommands. System.CommandLine would work too, but the server starts
/// for every agent session and this needs no reflection, no extra assembly and nothing to warm up.
/// </summary>
public static class CommandLine
{
    public static CliInvocation Parse(IReadOnlyList<string> args, IReadOnlyList<CliCommand> commands, CliCommand defaultCommand)
    {
        var index = 0;
        var command = MatchCommand(args, commands, ref index) ?? defaultCommand;
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var showHelp = false;
        var showVersion = false;
        var operands = new List<string>();
        for (; index < args.Count; index++)
        {
            var arg = args[index];
            if (arg is "-h" or "--help" or "help")
            {
                showHelp = true;
                continue;
            }

            if (arg is "--version" or "-V")
            {
                showVersion = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) && command.Operands is not null)
            {
                operands.Add(arg);
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new CliException($"Unexpected argument '{arg}'.", command);
            }

            var equals = arg.IndexOf('=');
            var name = equals < 0 ? arg : arg[..equals];
            var option = command.Options.FirstOrDefault(o => o.Name == name)
                ?? throw new CliException($"Unknown option '{name}' for '{command.Words}'.", command);
            string value;
            if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (index + 1 < args.Count)
            {
                value = args[++index];
            }
            else
            {
                throw new CliException($"Option '{name}' needs a value ({option.ValueName}).", command);
            }

            settings[option.ConfigurationKey] = value;
        }

        return new CliInvocation(command, settings, showHelp, showVersion) { Operands = operands };
    }

    public static string Usage(IReadOnlyList<CliCommand> commands, CliCommand? focus)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("mcp-db-engineer: an MCP server with the tools of a senior PostgreSQL engineer.");
        text.AppendLine();
        foreach (var command in focus is null ? commands : [focus])
        {
            text.AppendLine($"mcp-db-engineer {command.Words} [options]{(command.Operands is null ? "" : " " + command.Operands)}");
            text.AppendLine($"  {command.Help}");
            foreach (var option in command.Options)
            {
                text.AppendLine($"  {option.Name + " <" + option.ValueName + ">",-34} {option.Help}");
            }

            text.AppendLine();
        }

        text.AppendLine("  --help, --version");
        return text.ToString();
    }

    private static CliCommand? MatchCommand(IReadOnlyList<string> args, IReadOnlyList<CliCommand> commands, ref int index)
    {
        foreach (var command in commands.OrderByDescending(c => c.Words.Length))
        {
            var words = command.Words.Split(' ');
            if (words.Length <= args.Count && words.Select((w, i) => args[i] == w).All(match => match))
            {
                index = words.Length;
                return command;
            }
        }

        return null;
    }
}

public sealed class CliException(string message, CliCommand? command) : Exception(message)
{
    public CliCommand? Command { get; } = command;
}
