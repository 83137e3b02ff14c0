using System.Text;
using System.Text.RegularExpressions;

namespace McpDbEngineer.Safety.Hook;

/// <summary>What the hook found in one piece of SQL: the destructive statements, or why it cannot tell.</summary>
internal sealed record SqlFinding(List<string> Destructive, string? Unclear);

/// <summary>
/// Classifies SQL as psql would receive it. psql's own backslash commands are set aside first; the SQL that
/// cannot be parsed whole (an edit's fragment, SQL inside a Python or Ruby migration) is searched for statements
/// that start with a destructive keyword, each of which must then parse on its own to count.
/// </summary>
internal static partial class SqlInspection
{
    public static SqlFinding Inspect(string text, bool fragment)
    {
        var (sql, metaProblem) = WithoutMetaCommands(text);
        var destructive = new List<string>();
        var verdict = SqlClassifier.Classify(sql);
        if (verdict.Error is null)
        {
            destructive.AddRange(verdict.Statements.Where(s => s.Destructive).Select(Describe));
            return new SqlFinding(destructive, metaProblem);
        }

        foreach (Match candidate in DestructiveStart().Matches(sql))
        {
            var statement = SqlClassifier.Classify(candidate.Value);
            if (statement.Error is null)
            {
                destructive.AddRange(statement.Statements.Where(s => s.Destructive).Select(Describe));
            }
        }

        var unclear = metaProblem ?? (fragment || destructive.Count > 0
            ? null
            : $"PostgreSQL's parser rejects it ({verdict.Error.Message} at character {verdict.Error.Position + 1})");
        return new SqlFinding(destructive, unclear);
    }

    private static string Describe(StatementVerdict statement) =>
        string.Join(", ", statement.Reasons.Count > 0 ? statement.Reasons : [statement.Command]);

    /// <summary>Removes psql's backslash commands; those that run or include SQL the hook cannot see make it unclear.</summary>
    private static (string Sql, string? Problem) WithoutMetaCommands(string text)
    {
        if (!text.Contains('\\'))
        {
            return (text, null);
        }

        var sql = new StringBuilder(text.Length);
        string? problem = null;
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimStart();
            if (trimmed.Contains("\\gexec", StringComparison.Ordinal))
            {
                problem = "psql's \\gexec runs the query's results as SQL, which the hook cannot see";
            }

            if (trimmed.StartsWith('\\'))
            {
                var command = trimmed.Split((char[])[' ', '\t'], 2)[0];
                if (command is "\\i" or "\\ir" or "\\include" or "\\include_relative")
                {
                    problem = $"psql's {command} runs another file ({trimmed[command.Length..].Trim()}), which the hook does not follow";
                }

                sql.Append('\n');
                continue;
            }

            sql.Append(line).Append('\n');
        }

        return (sql.ToString(), problem);
    }

    // From a destructive keyword to the end of the statement or of the string literal it sits in.
    [GeneratedRegex(@"\b(?:DROP|TRUNCATE|DELETE|UPDATE|ALTER|REASSIGN)\b[^;'""`]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DestructiveStart();
}
