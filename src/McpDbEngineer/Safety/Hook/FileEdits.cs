using System.Text.Json;

namespace McpDbEngineer.Safety.Hook;

/// <summary>
/// Write, Edit and MultiEdit of SQL and migration files. A Write is judged by its whole new content. An edit of a
/// file that exists is judged by what it changes: the file is read, the edits applied, and only what the new content
/// has that the old did not counts — so removing a WHERE, or moving a drop out of a down section, is seen, and an
/// edit next to an old DROP is not blamed for it. When the file or an edit's old text cannot be found, each new text
/// is read as a fragment.
/// </summary>
internal static class FileEdits
{
    public static HookFindings Inspect(string tool, JsonElement input, string cwd)
    {
        var findings = new HookFindings();
        if (Text(input, "file_path") is not { } path)
        {
            return findings;
        }

        var origin = $"{tool} of {path}";
        if (tool == "Write")
        {
            if (Text(input, "content") is { } content && MigrationFiles.Kind(path, content) is not null)
            {
                Inspect(Sources(origin, path, content, fragment: false), cwd, findings);
            }

            return findings;
        }

        var edits = tool == "Edit"
            ? [Edit(input)]
            : input.TryGetProperty("edits", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().Select(Edit).ToList() : [];
        var existing = Existing(path, cwd);

        // An edit's new text rarely shows which framework the file belongs to; the file on disk does.
        if (MigrationFiles.Kind(path, existing) is null)
        {
            return findings;
        }

        if (existing is not null && Apply(existing, edits) is { } edited)
        {
            var before = new HookFindings();
            Inspect(Sources(origin, path, existing, fragment: true), cwd, before);
            Inspect(Sources(origin, path, edited, fragment: true), cwd, findings);
            findings.Without(before);

            // The new texts alone too, less what the file already had: a file too large or too broken to read whole
            // (its findings the same before and after) must not hide a DROP the edit adds.
            var fragments = new HookFindings();
            foreach (var (_, replacement, _) in edits)
            {
                Inspect(Sources(origin, path, replacement, fragment: true), cwd, fragments);
            }

            fragments.Without(before);
            findings.Add(fragments);
            return findings;
        }

        foreach (var (_, replacement, _) in edits)
        {
            Inspect(Sources(origin, path, replacement, fragment: true), cwd, findings);
        }

        return findings;
    }

    private static void Inspect(List<SqlSource> sources, string cwd, HookFindings findings)
    {
        foreach (var source in sources)
        {
            SqlInspection.Inspect(source, cwd, findings);
        }
    }

    /// <summary>The file's sources; an edit's text that shows no framework is read as code in the file's language.</summary>
    private static List<SqlSource> Sources(string origin, string path, string text, bool fragment) =>
        MigrationFiles.Sources(origin, path, text, fragment) is [_, ..] found
            ? found
            : [SqlSource.Program(origin, text, MigrationFiles.Language(path), runs: false) with { Down = MigrationFiles.IsDown(path) }];

    /// <summary>The content after the edits, as Claude Code applies them (in order; the first match, or every one with replace_all); null when an old text is not there.</summary>
    private static string? Apply(string content, List<(string Old, string New, bool All)> edits)
    {
        foreach (var (old, replacement, all) in edits)
        {
            var at = old.Length == 0 ? -1 : content.IndexOf(old, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            content = all ? content.Replace(old, replacement, StringComparison.Ordinal) : content[..at] + replacement + content[(at + old.Length)..];
        }

        return content;
    }

    private static (string Old, string New, bool All) Edit(JsonElement edit) =>
        (Text(edit, "old_string") ?? "", Text(edit, "new_string") ?? "", edit.TryGetProperty("replace_all", out var all) && all.ValueKind == JsonValueKind.True);

    private static string? Existing(string path, string cwd)
    {
        try
        {
            var full = Path.IsPathRooted(path) ? path : Path.Combine(cwd, path);
            var info = new FileInfo(full);
            return info.Exists && info.Length <= ShellSqlExtractor.MaxFileBytes ? File.ReadAllText(full) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
