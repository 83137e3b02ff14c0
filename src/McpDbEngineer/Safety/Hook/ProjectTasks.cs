using System.Text;
using System.Text.Json;

namespace McpDbEngineer.Safety.Hook;

/// <summary>
/// The command lines behind a project's named tasks — <c>npm run db:reset</c>, <c>yarn reset</c>, <c>pnpm reset</c>,
/// <c>bun run reset</c> (package.json's <c>scripts</c>) and <c>make reset</c> (a Makefile rule's recipe) — read from
/// the event's cwd, so the hook sees the <c>prisma migrate reset</c> a task name hides.
/// </summary>
internal static class ProjectTasks
{
    private const int MaxFileBytes = 1024 * 1024;

    // Package-manager commands that are not scripts.
    private static readonly HashSet<string> Builtins = new(StringComparer.Ordinal)
    {
        "install", "i", "add", "remove", "rm", "uninstall", "ci", "update", "upgrade", "init", "create", "exec", "dlx", "x",
        "publish", "pack", "link", "unlink", "info", "view", "list", "ls", "outdated", "audit", "config", "set", "why", "cache",
    };

    public static string? Recipe(string program, List<string> words, string cwd)
    {
        var arguments = words.Skip(1).Where(word => !word.StartsWith('-')).ToList();
        return program switch
        {
            "npm" or "pnpm" or "yarn" or "bun" => PackageScript(program, arguments, cwd),
            "make" => MakeRecipes(arguments, cwd),
            _ => null,
        };
    }

    private static string? PackageScript(string program, List<string> arguments, string cwd)
    {
        string? name = arguments switch
        {
            ["run" or "run-script", var script, ..] => script,
            [var script, ..] when script is "test" or "start" or "stop" or "restart" => script,
            [var script, ..] when program is "yarn" or "pnpm" && !Builtins.Contains(script) => script,
            _ => null,
        };
        if (name is null || Read(Path.Combine(cwd, "package.json")) is not { } json)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("scripts", out var scripts) && scripts.ValueKind == JsonValueKind.Object
                && scripts.TryGetProperty(name, out var script) && script.ValueKind == JsonValueKind.String
                ? script.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The recipe lines of the named rules (or the first rule), with make's <c>@</c> and <c>-</c> prefixes removed.</summary>
    private static string? MakeRecipes(List<string> targets, string cwd)
    {
        var makefile = new[] { "GNUmakefile", "makefile", "Makefile" }.Select(name => Read(Path.Combine(cwd, name))).FirstOrDefault(text => text is not null);
        if (makefile is null)
        {
            return null;
        }

        var lines = makefile.Split('\n');
        var recipes = new StringBuilder();
        var wanted = targets.Where(target => !target.Contains('=')).ToHashSet(StringComparer.Ordinal);
        var inRule = false;
        var first = wanted.Count == 0;
        foreach (var line in lines)
        {
            if (line.StartsWith('\t'))
            {
                if (inRule)
                {
                    recipes.Append(line.TrimStart('\t').TrimStart('@', '-', '+')).Append('\n');
                }

                continue;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0 || line.StartsWith('#') || (colon + 1 < line.Length && line[colon + 1] == '=') || line.StartsWith('.'))
            {
                inRule = inRule && line.Trim().Length == 0;
                continue;
            }

            var names = line[..colon].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            inRule = first || names.Any(wanted.Contains);
            if (first && inRule)
            {
                first = false;
                wanted = names.ToHashSet(StringComparer.Ordinal);
            }
        }

        return recipes.Length > 0 ? recipes.ToString() : null;
    }

    private static string? Read(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length <= MaxFileBytes ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}
