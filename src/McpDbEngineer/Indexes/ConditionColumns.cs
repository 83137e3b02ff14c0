using System.Text.RegularExpressions;
using McpDbEngineer.Sql;

namespace McpDbEngineer.Indexes;

/// <summary>A column of one table mentioned in a plan condition, as PostgreSQL printed it (quoted when it must be) and unquoted.</summary>
public sealed record ConditionColumn(string Sql, string Name);

/// <summary>
/// Reads column references out of the conditions a VERBOSE plan prints (alias-qualified: "(i.product_id = 7)").
/// A heuristic over PostgreSQL's own deparsed text, which is regular enough for it: enough to name the column
/// an index would need, never used to build anything but a suggestion.
/// </summary>
public static partial class ConditionColumns
{
    private const string Identifier = """(?:"(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)""";

    /// <summary>Columns of <paramref name="alias"/> equated with a column of another table: the keys of an equi-join.</summary>
    public static IReadOnlyList<ConditionColumn> JoinKeys(string condition, string alias)
    {
        var keys = new List<ConditionColumn>();
        foreach (Match match in EquiJoin().Matches(condition))
        {
            var (left, right) = ((Alias: match.Groups["la"].Value, Column: match.Groups["lc"].Value), (Alias: match.Groups["ra"].Value, Column: match.Groups["rc"].Value));
            if (Unquote(left.Alias) == alias && Unquote(right.Alias) != alias)
            {
                keys.Add(new ConditionColumn(left.Column, Unquote(left.Column)));
            }
            else if (Unquote(right.Alias) == alias && Unquote(left.Alias) != alias)
            {
                keys.Add(new ConditionColumn(right.Column, Unquote(right.Column)));
            }
        }

        return keys.DistinctBy(k => k.Name).ToList();
    }

    /// <summary>The text with "alias." removed from every column of <paramref name="alias"/>: how an index expression names them.</summary>
    public static string WithoutAlias(string text, string alias) => Reference(alias).Replace(text, m => m.Groups["column"].Value);

    /// <summary>True when <paramref name="text"/> mentions a column of <paramref name="alias"/>.</summary>
    public static bool Mentions(string text, string alias) => Reference(alias).IsMatch(text);

    /// <summary>
    /// The column when <paramref name="text"/> is nothing but a column of <paramref name="alias"/>, or that column cast to
    /// text (how a varchar column is compared with text, which its index serves); null for any other expression.
    /// </summary>
    public static string? BareColumn(string text, string alias)
    {
        var match = Reference(alias).Match(text);
        if (!match.Success)
        {
            return null;
        }

        var column = match.Groups["column"].Value;
        var rest = text.Remove(match.Index, match.Length);
        return rest is "" || TextCast().IsMatch(rest) ? column : null;
    }

    [GeneratedRegex("""^\(\)::(?:text|character varying|bpchar)$""", RegexOptions.CultureInvariant)]
    private static partial Regex TextCast();

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
