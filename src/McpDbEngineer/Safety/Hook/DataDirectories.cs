namespace McpDbEngineer.Safety.Hook;

/// <summary>
/// Commands that destroy a database without any SQL: removing PostgreSQL's data directory (<c>rm -rf $PGDATA</c>),
/// resetting its WAL, or deleting the volume a containerised database keeps its files in (<c>docker compose down -v</c>,
/// <c>docker volume rm</c>, <c>kubectl delete pvc</c>).
/// </summary>
internal static class DataDirectories
{
    // Path fragments that name PostgreSQL's files: its data directory, its WAL, the usual package and volume paths.
    private static readonly string[] PostgresPaths = ["pgdata", "postgres", "pg_wal", "pg_xlog", "/base/", "pg_data"];

    public static SqlSource? Destroys(string program, List<string> words)
    {
        var arguments = words.Skip(1).Select(ShellCommandParser.Display).ToList();
        switch (program)
        {
            case "rm" or "shred" or "unlink" when arguments.FirstOrDefault(argument => !argument.StartsWith('-') && NamesPostgres(argument)) is { } path:
                return SqlSource.Destructive(program, $"{program} removes {path}, which holds PostgreSQL's data");
            case "pg_resetwal" or "pg_resetxlog":
                return SqlSource.Destructive(program, $"{program} resets the write-ahead log, which can lose committed data");
            case "docker" or "podman" or "docker-compose" or "podman-compose" when Compose(program, arguments) && arguments.Contains("down")
                && arguments.Any(argument => argument is "-v" or "--volumes" || (argument.StartsWith('-') && !argument.StartsWith("--", StringComparison.Ordinal) && argument.Contains('v'))):
                return Volumes($"{program} {string.Join(' ', arguments)}", "deletes the project's volumes", arguments);
            case "docker" or "podman" when arguments is ["volume", "rm" or "remove" or "prune", ..] || (arguments is ["system", "prune", ..] && arguments.Contains("--volumes")):
                return Volumes($"{program} {string.Join(' ', arguments)}", "deletes volumes", arguments);
            case "kubectl" or "oc" when arguments.Contains("delete") && arguments.Any(argument => argument.StartsWith("pvc", StringComparison.OrdinalIgnoreCase)
                || argument.StartsWith("persistentvolume", StringComparison.OrdinalIgnoreCase) || argument.StartsWith("pv/", StringComparison.OrdinalIgnoreCase) || argument == "pv"):
                return Volumes($"{program} {string.Join(' ', arguments)}", "deletes persistent volumes", arguments);
            default:
                return null;
        }
    }

    /// <summary>Volumes that name a database are destroyed (deny); others may hold one (ask).</summary>
    private static SqlSource Volumes(string command, string what, List<string> arguments) =>
        arguments.Any(argument => NamesPostgres(argument) || argument.Contains("pg", StringComparison.OrdinalIgnoreCase) || argument.Contains("db", StringComparison.OrdinalIgnoreCase))
            ? SqlSource.Destructive("volumes", $"`{command}` {what}, a database's files among them")
            : SqlSource.Unreadable("volumes", $"`{command}` {what}, which may hold a database's files");

    private static bool Compose(string program, List<string> arguments) => program.EndsWith("-compose", StringComparison.Ordinal) || arguments.Contains("compose");

    private static bool NamesPostgres(string path) =>
        PostgresPaths.Any(fragment => path.Contains(fragment, StringComparison.OrdinalIgnoreCase));
}
