using System.Text;
using McpDbEngineer.Answers;

namespace McpDbEngineer.Memory;

/// <summary>Memory answers as compact text: facts first, where memory lives always said (no I/O).</summary>
public static class MemoryWriter
{
    /// <summary>Characters of a body shown in a search or listing; get_memory shows all of it.</summary>
    public const int SnippetChars = 160;

    public static string Remembered(Remembered result, Guid? superseded)
    {
        var text = new StringBuilder();
        text.Append(result.Inserted ? "remembered " : "already remembered (same title and body in this scope; tags and objects merged) ").Append(result.Id);
        if (superseded is { } old)
        {
            text.Append(" · supersedes ").Append(old);
        }

        text.Append('\n').Append("memory: ").Append(result.Where);
        if (result.Note is { } note)
        {
            text.Append('\n').Append("note: ").Append(note);
        }

        return text.ToString();
    }

    public static string Search(SearchOutcome outcome)
    {
        var text = new StringBuilder();
        text.Append("memory: ").Append(outcome.Where).Append('\n');
        text.Append("searched: ").Append(Signals(outcome.Used)).Append(" · ").Append(outcome.Target is null ? "all databases" : "this database").Append('\n');
        if (outcome.Note is { } note)
        {
            text.Append("note: ").Append(note).Append('\n');
        }

        if (outcome.Hits.Count == 0)
        {
            text.Append("no memory matches. Try other words, fewer filters, or all_databases=true.");
            return text.ToString();
        }

        var place = 0;
        foreach (var (hit, memory) in outcome.Hits)
        {
            Line(text, ++place, memory);
            text.Append("   score ").Append(hit.Score.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)).Append(" (")
                .Append(string.Join(", ", hit.Places.OrderBy(p => p.Key).Select(p => $"{Signals(p.Key)} #{p.Value}"))).Append(")\n");
        }

        text.Append("get_memory gives a whole memory and its supersede chain.");
        return text.ToString();
    }

    public static string List(string where, IReadOnlyList<MemoryRecord> memories, int limit)
    {
        var text = new StringBuilder();
        text.Append("memory: ").Append(where).Append('\n');
        if (memories.Count == 0)
        {
            text.Append("no memories match. remember stores one.");
            return text.ToString();
        }

        var place = 0;
        foreach (var memory in memories)
        {
            Line(text, ++place, memory);
        }

        if (memories.Count == limit)
        {
            text.Append($"first {limit} shown, newest first; narrow with kind, tags, objects or since, or raise limit.");
        }

        return text.ToString().TrimEnd('\n');
    }

    public static string Full(string where, MemoryRecord memory, IReadOnlyList<MemoryRecord> chain)
    {
        var text = new StringBuilder();
        text.Append("memory: ").Append(where).Append('\n');
        text.Append(memory.Id).Append(" · ").Append(memory.Kind).Append(" · ").Append(memory.Title).Append('\n');
        text.Append("by ").Append(memory.Author).Append(" · ").Append(Units.Timestamp(memory.CreatedAt)).Append(" · scope ").Append(memory.Scope);
        if (memory.SessionId is { } session)
        {
            text.Append(" · session ").Append(session);
        }

        text.Append('\n');
        if (memory.Tags.Count > 0)
        {
            text.Append("tags: ").AppendJoin(", ", memory.Tags).Append('\n');
        }

        if (memory.Objects.Count > 0)
        {
            text.Append("objects: ").AppendJoin(", ", memory.Objects).Append('\n');
        }

        if (memory.ForgottenAt is { } forgotten)
        {
            text.Append("FORGOTTEN ").Append(Units.Timestamp(forgotten)).Append(" (kept in history; searches leave it out)\n");
        }

        if (memory.SupersededBy is { } newer)
        {
            text.Append("SUPERSEDED by ").Append(newer).Append('\n');
        }

        if (memory.Supersedes is { } older)
        {
            text.Append("supersedes ").Append(older).Append('\n');
        }

        text.Append('\n').Append(memory.Body).Append('\n');
        if (chain.Count > 0)
        {
            text.Append("\nchain (newest first):\n");
            foreach (var link in chain.Append(memory).OrderByDescending(m => m.CreatedAt))
            {
                text.Append("  ").Append(link.Id).Append(' ').Append(Units.Timestamp(link.CreatedAt)).Append(' ')
                    .Append(ShortText.Cell(link.Title, 80)).Append(link.Id == memory.Id ? "  ← this one" : "").Append('\n');
            }
        }

        return text.ToString().TrimEnd('\n');
    }

    public static string Signals(SearchSignals signals) => signals == SearchSignals.None ? "none" : string.Join(", ",
        new[] { (SearchSignals.FullText, "fulltext"), (SearchSignals.Trigram, "trigram"), (SearchSignals.Vector, "vector") }
            .Where(s => signals.HasFlag(s.Item1)).Select(s => s.Item2));

    /// <summary>Which searches an agent asked for ("fulltext,vector"); all of them when none is named.</summary>
    public static SearchSignals ParseSignals(string? text)
    {
        var signals = SearchSignals.None;
        foreach (var word in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            signals |= word.ToLowerInvariant() switch
            {
                "fulltext" or "words" => SearchSignals.FullText,
                "trigram" => SearchSignals.Trigram,
                "vector" or "meaning" => SearchSignals.Vector,
                _ => throw new ToolException($"Unknown search '{word}'. Use fulltext, trigram, vector, or leave it empty for all of them."),
            };
        }

        return signals == SearchSignals.None ? SearchSignals.All : signals;
    }

    private static void Line(StringBuilder text, int place, MemoryRecord memory)
    {
        text.Append(place).Append(". [").Append(memory.Kind).Append("] ").Append(ShortText.Cell(memory.Title, 120))
            .Append(" · ").Append(memory.Id).Append(" · ").Append(Units.Timestamp(memory.CreatedAt)).Append(" · by ").Append(memory.Author);
        if (memory.Tags.Count > 0)
        {
            text.Append(" · tags ").AppendJoin(",", memory.Tags);
        }

        if (memory.Objects.Count > 0)
        {
            text.Append(" · on ").AppendJoin(",", memory.Objects);
        }

        if (memory.Supersedes is { } older)
        {
            text.Append(" · supersedes ").Append(older);
        }

        if (memory.SupersededBy is { } newer)
        {
            text.Append(" · SUPERSEDED by ").Append(newer);
        }

        if (memory.ForgottenAt is not null)
        {
            text.Append(" · FORGOTTEN");
        }

        text.Append("\n   ").Append(ShortText.Cell(memory.Body, SnippetChars)).Append('\n');
    }
}
