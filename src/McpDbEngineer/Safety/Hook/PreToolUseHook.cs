using System.Text;
using System.Text.Json;

namespace McpDbEngineer.Safety.Hook;

/// <summary>
/// <c>mcp-db-engineer hook pre-tool-use</c>: a Claude Code PreToolUse hook that stops destructive SQL before it
/// runs or lands in a migration — in psql command lines, in .sql and migration files being written, and in the
/// SQL arguments of MCP tools. It reads the event from stdin and answers on stdout; it needs no database.
/// </summary>
/// <remarks>
/// When nothing is wrong it prints nothing rather than "allow": "allow" would skip Claude Code's own permission
/// prompt for every command (an <c>rm -rf</c> without SQL included), and a guard must only ever add caution.
/// </remarks>
public static class PreToolUseHook
{
    private const string Advice =
        "If it is really intended, ask the user to run it themselves or to approve it explicitly; otherwise change it so it keeps the data.";

    /// <summary>Runs the hook over one event; always exits 0 (a decision, when there is one, is in the JSON).</summary>
    public static int Run(TextReader input, TextWriter output)
    {
        HookDecision decision;
        try
        {
            decision = Decide(input.ReadToEnd());
        }
        catch (Exception e)
        {
            // A guard that crashes lets everything through (Claude Code treats a failed hook as no decision).
            decision = new HookDecision(HookPermission.Ask, $"The mcp-db-engineer hook failed ({e.GetType().Name}: {e.Message}); review this tool call yourself.");
        }

        if (decision.Permission != HookPermission.NoObjection)
        {
            output.Write(Render(decision));
            output.Flush();
        }

        return 0;
    }

    public static HookDecision Decide(string eventJson)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(eventJson);
        }
        catch (JsonException e)
        {
            return new HookDecision(HookPermission.Ask, $"The mcp-db-engineer hook could not read the PreToolUse event ({e.Message}); check the hook configuration.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("tool_name", out var toolName) || toolName.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("tool_input", out var toolInput) || toolInput.ValueKind != JsonValueKind.Object)
            {
                return new HookDecision(HookPermission.Ask, "The mcp-db-engineer hook received an event without tool_name and tool_input; check that it is configured for PreToolUse.");
            }

            var cwd = root.TryGetProperty("cwd", out var cwdElement) && cwdElement.ValueKind == JsonValueKind.String
                ? cwdElement.GetString()!
                : Directory.GetCurrentDirectory();
            var tool = toolName.GetString()!;
            var (sources, downMigration) = Sources(tool, toolInput, cwd);
            return Judge(sources, downMigration);
        }
    }

    private static (List<SqlSource> Sources, bool DownMigration) Sources(string tool, JsonElement input, string cwd)
    {
        switch (tool)
        {
            case "Bash":
                return (String(input, "command") is { } command ? ShellSqlExtractor.Extract(command, cwd) : [], false);
            case "Write" or "Edit" or "MultiEdit":
                var path = String(input, "file_path");
                if (path is null || MigrationFiles.Kind(path) is not { } kind)
                {
                    return ([], false);
                }

                var origin = $"{tool} of {path}";
                var texts = tool switch
                {
                    "Write" => [String(input, "content")],
                    "Edit" => [String(input, "new_string")],
                    _ => input.TryGetProperty("edits", out var edits) && edits.ValueKind == JsonValueKind.Array
                        ? edits.EnumerateArray().Select(edit => String(edit, "new_string")).ToList()
                        : [],
                };
                var fragment = tool != "Write" || kind == MigrationFileKind.Code;
                return (texts.OfType<string>().Select(text => new SqlSource(origin, text, Fragment: fragment)).ToList(), MigrationFiles.IsDown(path));
            default:
                return tool.StartsWith("mcp__", StringComparison.Ordinal) && String(input, "sql") is { } sql
                    ? ([new SqlSource($"{tool} sql", sql)], false)
                    : ([], false);
        }
    }

    private static HookDecision Judge(List<SqlSource> sources, bool downMigration)
    {
        var destructive = new List<string>();
        var unclear = new List<string>();
        foreach (var source in sources)
        {
            if (source.Text is null)
            {
                unclear.Add($"{source.Origin}: {source.Unknown}");
                continue;
            }

            var finding = SqlInspection.Inspect(source.Text, source.Fragment);
            destructive.AddRange(finding.Destructive.Select(reason => $"{source.Origin}: {reason}"));
            if (finding.Unclear is { } why)
            {
                unclear.Add($"{source.Origin}: {why}");
            }
        }

        if (destructive.Count > 0 && downMigration)
        {
            return new HookDecision(HookPermission.Ask,
                "Destructive SQL in a down migration (expected when it undoes what the up migration created — confirm it drops nothing else): "
                + string.Join("; ", destructive));
        }

        if (destructive.Count > 0)
        {
            return new HookDecision(HookPermission.Deny, "Blocked destructive SQL: " + string.Join("; ", destructive) + ". " + Advice);
        }

        return unclear.Count > 0
            ? new HookDecision(HookPermission.Ask, "The mcp-db-engineer hook cannot tell what this SQL does: " + string.Join("; ", unclear))
            : HookDecision.NoObjection;
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string Render(HookDecision decision)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("hookSpecificOutput");
            writer.WriteString("hookEventName", "PreToolUse");
            writer.WriteString("permissionDecision", decision.Permission == HookPermission.Deny ? "deny" : "ask");
            writer.WriteString("permissionDecisionReason", decision.Reason);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
