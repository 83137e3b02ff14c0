using System.Text;
using System.Text.Json;
using McpDbEngineer.Answers;
using McpDbEngineer.Sql;

namespace McpDbEngineer.Safety.Hook;

/// <summary>
/// <c>mcp-db-engineer hook pre-tool-use</c>: a Claude Code PreToolUse hook that stops destructive SQL before it
/// runs or lands in a migration — in shell commands (<see cref="ShellSqlExtractor"/>), in .sql and migration files
/// being written (<see cref="FileEdits"/>), and in the SQL arguments of MCP tools. It is a safety net over an
/// unbounded shell, not a wall: when it cannot see what will run it asks. It reads the event from stdin and answers
/// on stdout; it needs no database.
/// </summary>
/// <remarks>
/// When nothing is wrong it prints nothing rather than "allow": "allow" would skip Claude Code's own permission
/// prompt for every command (an <c>rm -rf</c> without SQL included), and a guard must only ever add caution.
/// </remarks>
public static class PreToolUseHook
{
    private const int MaxListed = 10;

    // A finding can quote what it found (a parser error quotes the text near it): a reason stays readable.
    private const int MaxFindingLength = 400;

    /// <summary>The SQL names of the argument an MCP tool of any server may take its SQL in.</summary>
    private static readonly string[] SqlArguments = ["sql", "query", "statement", "statements", "command", "cmd", "script", "text"];

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
            if (tool is "Write" or "Edit" or "MultiEdit")
            {
                return Judge(FileEdits.Inspect(tool, toolInput, cwd));
            }

            var findings = new HookFindings();
            var sources = tool == "Bash"
                ? String(toolInput, "command") is { } command ? ShellSqlExtractor.Extract(command, cwd) : []
                : tool.Contains("mcp__", StringComparison.Ordinal) ? McpSources(tool, toolInput, cwd) : [];
            foreach (var source in sources)
            {
                SqlInspection.Inspect(source, cwd, findings);
            }

            return Judge(findings);
        }
    }

    /// <summary>
    /// SQL arguments of MCP tools, whatever the server: <c>sql</c> is SQL (a parse error is suspicious); the other
    /// names (<c>query</c>, <c>command</c>, <c>text</c> …) may hold anything — a search, a chat message — so they
    /// count only when they parse as SQL. That is sound: PostgreSQL parses a whole query string before running any
    /// of it, so a string that does not parse runs nothing. A <c>command</c>, <c>cmd</c> or <c>script</c> that starts
    /// with a program the hook knows is a shell command line (terminal servers) and is read as one.
    /// </summary>
    private static List<SqlSource> McpSources(string tool, JsonElement input, string cwd)
    {
        var sources = new List<SqlSource>();
        foreach (var name in SqlArguments)
        {
            List<string> values = String(input, name) is { } one ? [one]
                : input.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
                    ? list.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!).ToList()
                    : [];
            foreach (var text in values)
            {
                if (name == "sql" || (text.Length > 0 && SqlClassifier.Classify(text).Error is null))
                {
                    sources.Add(new SqlSource($"{tool} {name}", text, Runs: !OwnSqlTool(tool, name)));
                }
                else if (name is "command" or "cmd" or "script" && ShellSqlExtractor.StartsWithKnownProgram(text))
                {
                    // Terminal servers take shell command lines: read them as the Bash tool's.
                    sources.AddRange(ShellSqlExtractor.Extract(text, cwd));
                }
            }
        }

        return sources;
    }

    /// <summary>
    /// This server's own SQL tools (<c>execute_sql</c>, <c>explain_query</c>, argument <c>sql</c>): their guard measures
    /// what a write changes and asks the human itself, so the hook does not ask again about a DELETE … WHERE there.
    /// Other servers' SQL runs as sent, so a WHERE the hook cannot count is asked about.
    /// </summary>
    private static bool OwnSqlTool(string tool, string argument) =>
        argument == "sql" && (tool.EndsWith("__execute_sql", StringComparison.Ordinal) || tool.EndsWith("__explain_query", StringComparison.Ordinal));

    private static HookDecision Judge(HookFindings findings)
    {
        if (findings.Destructive.Count > 0)
        {
            return new HookDecision(HookPermission.Deny, "Blocked destructive SQL or operation: " + List(findings.Destructive) + ". " + Advice);
        }

        var questions = new List<string>();
        if (findings.InDownMigration.Count > 0)
        {
            questions.Add("Destructive SQL in a down migration (expected when it undoes what the up migration created — confirm it drops nothing else): "
                + List(findings.InDownMigration));
        }

        if (findings.RowChanges.Count > 0)
        {
            questions.Add("Changes rows the hook cannot count: " + List(findings.RowChanges));
        }

        if (findings.Unclear.Count > 0)
        {
            questions.Add("The mcp-db-engineer hook cannot tell what this runs: " + List(findings.Unclear));
        }

        return questions.Count > 0 ? new HookDecision(HookPermission.Ask, string.Join(". ", questions)) : HookDecision.NoObjection;
    }

    /// <summary>The findings of one kind, each once and cut to <see cref="MaxFindingLength"/>, the first <see cref="MaxListed"/> of them: a reason is read by a person.</summary>
    private static string List(List<string> findings)
    {
        var distinct = findings.Select(finding => ShortText.Cut(finding, MaxFindingLength))
            .Distinct(StringComparer.Ordinal).ToList();
        var listed = string.Join("; ", distinct.Take(MaxListed));
        return distinct.Count > MaxListed ? $"{listed}; and {distinct.Count - MaxListed} more" : listed;
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
