using McpDbEngineer.Sql;

namespace McpDbEngineer.Migrations.Rehearsal;

/// <summary>One statement of a migration, where it is in its file (1-based line and column), and what it is.</summary>
public sealed record MigrationStatement(int Number, string Text, int Line, int Column, string Command, StatementClass Class);

/// <summary>
/// The up and down of a migration as statements, cut by PostgreSQL's parser. Accepts the two scripts as given, or
/// one dbmate file (<c>-- migrate:up</c> … <c>-- migrate:down</c> …), whose lines then count from the top of the file.
/// Pure: tested without a database.
/// </summary>
public static class MigrationScript
{
    private const string DbmateUp = "-- migrate:up";
    private const string DbmateDown = "-- migrate:down";

    /// <summary>The up and down scripts: as given, or the two sections of a dbmate file.</summary>
    public static (string Up, string? Down) Read(string up, string? down)
    {
        var upAt = up.IndexOf(DbmateUp, StringComparison.Ordinal);
        if (upAt < 0)
        {
            return (up, string.IsNullOrWhiteSpace(down) ? null : down);
        }

        if (!string.IsNullOrWhiteSpace(down))
        {
            throw new ToolException("Give the down either in the dbmate file (-- migrate:down) or as down, not both.");
        }

        var upStart = upAt + DbmateUp.Length;
        var downAt = up.IndexOf(DbmateDown, upStart, StringComparison.Ordinal);
        var upText = downAt < 0 ? up[upStart..] : up[upStart..downAt];
        var upPart = Blank(up, upStart) + upText;
        if (downAt < 0)
        {
            return (upPart, null);
        }

        var downStart = downAt + DbmateDown.Length;
        return (upPart, Blank(up, downStart) + up[downStart..]);
    }

    /// <summary>
    /// The text before <paramref name="end"/> turned into blanks, newlines kept: a section then parses with its
    /// positions (lines, columns) as they are in the whole file.
    /// </summary>
    private static string Blank(string text, int end) =>
        new(text[..end].Select(c => c == '\n' ? '\n' : ' ').ToArray());

    /// <summary>The statements of one part; a syntax error is answered with its line and column.</summary>
    public static IReadOnlyList<MigrationStatement> Statements(string script, string which)
    {
        var verdict = SqlClassifier.Classify(script);
        if (verdict.Error is { } error)
        {
            var (line, column) = Position(script, error.Position);
            throw new ToolException($"The {which} migration does not parse at {line}:{column}: {error.Message}. Nothing was run.");
        }

        return verdict.Statements
            .Select((s, i) =>
            {
                var (line, column) = Position(script, s.Start);
                return new MigrationStatement(i + 1, s.Text, line, column, s.Command, s.Class);
            })
            .ToList();
    }

    /// <summary>1-based line and column of a 0-based character offset.</summary>
    public static (int Line, int Column) Position(string text, int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }
}
