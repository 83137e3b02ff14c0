namespace McpDbEngineer.Answers;

/// <summary>Text from the database or the agent made fit for one line of an answer, and cut where it would cost more than it tells.</summary>
public static class ShortText
{
    /// <summary>Comments beside a name are cut to this: enough to tell what an object is for.</summary>
    public const int CommentLength = 80;

    /// <summary>Conditions and statements quoted in a finding are cut to this.</summary>
    public const int ConditionLength = 120;

    /// <summary><paramref name="text"/> cut to at most <paramref name="length"/> characters, the last of them "…" when cut.</summary>
    public static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    public static string Condition(string condition) => Cut(condition, ConditionLength);

    /// <summary>Line breaks become spaces: a value that spans lines would break a line-per-item answer.</summary>
    public static string OneLine(string text) => text.ReplaceLineEndings(" ");

    /// <summary>One line with no tabs, for a cell of a tab-separated table, cut to <paramref name="length"/>.</summary>
    public static string Cell(string text, int length) => Cut(OneLine(text).Replace('\t', ' '), length);

    /// <summary>Every run of whitespace as one space: a statement quoted to a person reads as one line.</summary>
    public static string Squeezed(string text) =>
        string.Join(' ', text.Split((char[])[' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries));
}
