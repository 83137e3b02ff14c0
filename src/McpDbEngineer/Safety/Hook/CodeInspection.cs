using System.Text.RegularExpressions;

namespace McpDbEngineer.Safety.Hook;

/// <summary>
/// What a piece of code (a migration in Python, Ruby, JavaScript, XML or YAML, a <c>python -c</c> or <c>node -e</c>
/// one-liner) would run: its SQL-looking string literals, read as SQL fragments, and the destructive calls of the
/// migration frameworks' APIs (<see cref="MigrationApis"/>).
/// </summary>
internal static partial class CodeInspection
{
    public static List<SqlSource> Sources(SqlSource code, string cwd, int depth)
    {
        var family = MigrationApis.Family(code.Language);
        var upOnly = code.Down ? code.Text : MigrationApis.WithoutDownSections(code.Text, code.Language);
        var (withoutComments, strings) = CodeStrings.Read(upOnly, code.Language == "json" ? "js" : code.Language);
        var sources = new List<SqlSource>();
        foreach (var literal in strings)
        {
            // Django's reverse_sql is the migration's down step.
            if (ReverseArgument().IsMatch(literal.Before))
            {
                continue;
            }

            if (SqlKeyword().IsMatch(literal.Text))
            {
                sources.Add(code with { Origin = $"{code.Origin} string", Text = literal.Text, Kind = SourceKind.Sql, Fragment = true });
            }

            // os.system("dropdb shop"), execSync('psql -c "…"'): a string that starts with a program the hook knows is a command line.
            if (code.Runs && ShellSqlExtractor.StartsWithKnownProgram(literal.Text))
            {
                sources.AddRange(ShellSqlExtractor.Extract(literal.Text, cwd, depth + 1));
            }

            // exec("…execute('…')…"), eval(`…`): code inside a string is read as code too.
            if (CodeCall().IsMatch(literal.Text))
            {
                sources.Add(code with { Origin = $"{code.Origin} string", Text = literal.Text });
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

        return code.OnlyDestruction ? sources.Select(source => source with { OnlyDestruction = true }).ToList() : sources;
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

    [GeneratedRegex(@"\b(?:execute|executemany|executescript|query|raw|exec|exec_query|RunSQL)\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex CodeCall();

    [GeneratedRegex(@"\breverse_(?:sql|code)\s*=\s*[\[(]?\s*[rRbBuU]{0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex ReverseArgument();
}
