using System.Text.RegularExpressions;
using McpDbEngineer.Sql;

namespace McpDbEngineer.Explain;

/// <summary>A column of one table mentioned in a plan condition, as PostgreSQL printed it (quoted when it must be).</summary>
/// <param name="Indexable">True when the bare column is compared (an index on it can serve the condition), false when it sits inside an expression.</param>
/// <param name="Equality">True when compared with '=': such columns go first in a multi-column index.</param>
public sealed record ConditionColumn(string Sql, string Name, bool Indexable, bool Equality);

/// <summary>
/// Reads column references out of the conditions a VERBOSE plan prints (alias-qualified: "(i.product_id = 7)").
/// A heuristic over PostgreSQL's own deparsed text, which is regular enough for it: enough to name the column
/// an index would need, never used to build anything but a suggestion.
/// </summary>
public static partial class ConditionColumns
{
    private const string Identifier = """(?:"(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)""";
    private const string ComparisonAfter = """^\s*(?<op>=|<>|<=|>=|<|>|~~\*?|!~~\*?|IS\b|@>|<@|&&|@@)""";
    private const string ComparisonBefore = """(?<op>=|<>|<=|>=|<|>)\s*(?:ANY \()?$""";

    /// <summary>The columns of the table known as <paramref name="alias"/> in <paramref name="condition"/>, first mention first.</summary>
    public static IReadOnlyList<ConditionColumn> Of(string condition, string alias)
    {
        var found = new List<ConditionColumn>();
        foreach (Match match in Reference(alias).Matches(condition))
        {
            var column = match.Groups["column"].Value;
            var after = Regex.Match(condition[(match.Index + match.Length)..], ComparisonAfter);
            var before = Regex.Match(condition[..match.Index], ComparisonBefore);
            var op = after.Success ? after.Groups["op"].Value : before.Success ? before.Groups["op"].Value : null;
            var entry = new ConditionColumn(column, Unquote(column), op is not null, op == "=");
            var existing = found.FindIndex(c => c.Name == entry.Name);
            if (existing < 0)
            {
                found.Add(entry);
            }
            else if (entry.Indexable && !found[existing].Indexable)
            {
                found[existing] = entry;
            }
        }

        return found;
    }

    /// <summary>Columns of <paramref name="alias"/> equated with a column of another table: the keys of an equi-join.</summary>
    public static IReadOnlyList<ConditionColumn> JoinKeys(string condition, string alias)
    {
        var keys = new List<ConditionColumn>();
        foreach (Match match in EquiJoin().Matches(condition))
        {
            var (left, right) = ((Alias: match.Groups["la"].Value, Column: match.Groups["lc"].Value), (Alias: match.Groups["ra"].Value, Column: match.Groups["rc"].Value));
            if (Unquote(left.Alias) == alias && Unquote(right.Alias) != alias)
            {
                keys.Add(new ConditionColumn(left.Column, Unquote(left.Column), true, true));
            }
            else if (Unquote(right.Alias) == alias && Unquote(left.Alias) != alias)
            {
                keys.Add(new ConditionColumn(right.Column, Unquote(right.Column), true, true));
            }
        }

        return keys.DistinctBy(k => k.Name).ToList();
    }

    private static string Unquote(string identifier) =>
        identifier.StartsWith('"') ? identifier[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : identifier;

    private static Regex Reference(string alias)
    {
        var quoted = Identifiers.Quoted(alias);
        var aliasPattern = Regex.Escape(alias) + "|" + Regex.Escape(quoted);
        return new Regex($"""(?<![\w."$])(?:{aliasPattern})\.(?<column>{Identifier})""", RegexOptions.CultureInvariant);
    }

    [GeneratedRegex("""(?<la>"(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)\.(?<lc>"(?:[^"]|"")+"|[a-z_][a-z0-9_$]*) = (?<ra>"(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)\.(?<rc>"(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex EquiJoin();

}
