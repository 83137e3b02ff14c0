using System.Text.RegularExpressions;

namespace McpDbEngineer.Safety.Hook;

/// <summary>
/// What a piece of code (a migration in Python, Ruby, JavaScript, XML or YAML, a <c>python -c</c> or <c>node -e</c>
/// one-liner) would run: its SQL-looking string literals, read as SQL fragments, and the destructive calls of the
/// migration frameworks' APIs (<see cref="MigrationApis"/>).
/// </summary>
internal static partial class CodeInspection
{
    public static List<SqlSource> Sources(SqlSource code)
    {
        var family = MigrationApis.Family(code.Language);
        var upOnly = code.Down ? code.Text : MigrationApis.WithoutDownSections(code.Text, code.Language);
        var (withoutComments, strings) = CodeStrings.Read(upOnly, code.Language == "json" ? "js" : code.Language);
        var sources = new List<SqlSource>();
        foreach (var literal in strings)
        {
            // Django's reverse_sql is the migration's down step.
            if (SqlKeyword().IsMatch(literal.Text) && !ReverseArgument().IsMatch(literal.Before))
            {
                sources.Add(code with { Origin = $"{code.Origin} string", Text = literal.Text, Kind = SourceKind.Sql, Fragment = true });
            }
        }

        foreach (var api in MigrationApis.Table)
        {
            if (!api.Languages.Contains(family))
            {
                continue;
            }

            foreach (Match call in api.Pattern.Matches(withoutComments))
            {
                var what = string.Format(System.Globalization.CultureInfo.InvariantCulture, api.What, Call(call.Value));
                sources.Add(api.Deny
                    ? SqlSource.Destructive($"{code.Origin} ({api.Framework})", what) with { Down = code.Down }
                    : SqlSource.Unreadable($"{code.Origin} ({api.Framework})", what));
            }
        }

        return sources;
    }

    /// <summary>A matched call as an agent can recognise it: on one line, brackets closed, no trailing key syntax.</summary>
    private static string Call(string match)
    {
        var call = string.Join(' ', match.Split((char[])[' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd(' ', ':', ',');
        if (call.EndsWith('"') && call.Count(c => c == '"') % 2 == 1)
        {
            call = call[..^1];
        }

        var open = call.Count(c => c == '(') - call.Count(c => c == ')');
        call += new string(')', Math.Max(0, open));
        return call.StartsWith('<') ? call.TrimEnd('/') + "/>" : call;
    }

    [GeneratedRegex(@"\b(?:DROP|TRUNCATE|DELETE|UPDATE|ALTER|REASSIGN|VACUUM|CLUSTER|DO|CREATE|WITH|COPY|EXPLAIN)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SqlKeyword();

    [GeneratedRegex(@"\breverse_(?:sql|code)\s*=\s*[\[(]?\s*[rRbBuU]{0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex ReverseArgument();
}
