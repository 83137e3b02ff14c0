namespace McpDbEngineer.Safety.Hook;

/// <summary>
/// A piece of SQL a tool call would run or write, and where it came from ("psql -c", "file migrations/001.sql").
/// When the text cannot be had (a missing file, another program's output), <see cref="Unknown"/> says why.
/// </summary>
/// <param name="Fragment">Part of a file (an Edit's new text) or SQL inside other code: a parse error there is not suspicious.</param>
internal sealed record SqlSource(string Origin, string? Text, string? Unknown = null, bool Fragment = false)
{
    public static SqlSource Unreadable(string origin, string why) => new(origin, null, why);
}
