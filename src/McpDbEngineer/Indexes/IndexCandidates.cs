using System.Text.RegularExpressions;

namespace McpDbEngineer.Indexes;

/// <summary>
/// Builds the index a scan of one table asks for, from what the plan shows about it: the conditions it filters on,
/// the order a LIMIT above it wants, and the columns it returns. Pure; explain_query proves its candidates with hypopg,
/// and the index recommender starts from the same candidates.
/// </summary>
public static partial class IndexCandidates
{
    /// <summary>Keys beyond three rarely narrow a lookup further and make every write to the table dearer.</summary>
    public const int MaxKeys = 3;

    /// <summary>Covering more columns than this makes the index a second copy of the table (SELECT * rarely deserves one).</summary>
    public const int MaxInclude = 2;

    /// <summary>
    /// The index for a scan of <paramref name="table"/> (known as <paramref name="alias"/> in the plan): equality
    /// columns first, then the sort keys a LIMIT reads in order (or else the first range column); IS [NOT] NULL
    /// tests as the partial predicate; the few other output columns as INCLUDE. Null when nothing is indexable.
    /// </summary>
    /// <param name="conditions">The scan's conditions as EXPLAIN VERBOSE prints them (Filter, Index Cond …).</param>
    /// <param name="sortKeys">The Sort Key above the scan when a LIMIT stops reading early; empty otherwise.</param>
    /// <param name="output">The scan's Output columns; empty when unknown.</param>
    public static IndexCandidate? ForScan(string table, string alias, IEnumerable<string> conditions, IReadOnlyList<string> sortKeys, IReadOnlyList<string> output)
    {
        var equality = new List<string>();
        var range = new List<string>();
        var nullTests = new List<(string Column, string Test)>();
        foreach (var conjunct in conditions.SelectMany(ConditionText.Conjuncts))
        {
            if (NullTest().Match(ConditionColumns.WithoutAlias(conjunct, alias)) is { Success: true } test && ConditionColumns.Mentions(conjunct, alias))
            {
                nullTests.Add((test.Groups["column"].Value, test.Value));
                continue;
            }

            if (ConditionText.Split(conjunct) is { Operator: not "<>" } comparison && Operand(comparison, alias) is { } key)
            {
                (comparison.Operator == "=" ? equality : range).Add(key);
            }
        }

        var keys = equality.Distinct().ToList();
        var order = sortKeys.Select(k => SortKey(k, alias)).ToList();
        if (order.Count > 0 && order.All(k => k is not null))
        {
            keys.AddRange(order.Where(k => !equality.Contains(Direction().Replace(k!, ""))).Select(k => k!));
        }
        else if (range.FirstOrDefault(r => !keys.Contains(r)) is { } firstRange)
        {
            keys.Add(firstRange);
        }

        // A NULL test narrows best as the index's predicate, when something else makes the key.
        string? predicate = null;
        if (keys.Count == 0 && nullTests.Count > 0)
        {
            keys.Add(nullTests[0].Column);
        }
        else if (nullTests.Count > 0)
        {
            predicate = string.Join(" AND ", nullTests.Select(t => t.Test));
        }

        if (keys.Count == 0)
        {
            return null;
        }

        keys = keys.Take(MaxKeys).ToList();
        return new IndexCandidate(table, keys, Covering(output, alias, keys), predicate);
    }

    /// <summary>
    /// The side of a comparison that is this table's, as an index key: "email", or "(lower((email)::text))" for an
    /// expression; null when the conjunct is no comparison of this table with something else.
    /// </summary>
    public static string? Operand(string conjunct, string alias) =>
        ConditionText.Split(conjunct) is { } comparison ? Operand(comparison, alias) : null;

    private static string? Operand(Comparison comparison, string alias)
    {
        var (left, right) = (ConditionColumns.Mentions(comparison.Left, alias), ConditionColumns.Mentions(comparison.Right, alias));
        return left && !right ? Key(comparison.Left, alias) : right && !left ? Key(comparison.Right, alias) : null;
    }

    /// <summary>The output columns not in the key, when they are few bare columns: with them the scan needs no heap.</summary>
    private static IReadOnlyList<string> Covering(IReadOnlyList<string> output, string alias, IReadOnlyList<string> keys)
    {
        var columns = output.Select(o => ConditionColumns.BareColumn(o, alias)).ToList();
        if (columns.Count == 0 || columns.Any(c => c is null))
        {
            return [];
        }

        var keyColumns = keys.Select(k => Direction().Replace(k, "")).ToHashSet();
        var extra = columns.Select(c => c!).Where(c => !keyColumns.Contains(c)).Distinct().ToList();
        return extra.Count <= MaxInclude ? extra : [];
    }

    /// <summary>An expression of this table as an index (or statistics) key: the bare column, or the expression in parentheses without the alias.</summary>
    public static string Key(string operand, string alias) =>
        ConditionColumns.BareColumn(operand, alias) ?? $"({ConditionColumns.WithoutAlias(ConditionText.Unwrap(operand), alias)})";

    /// <summary>"o.placed_at DESC" → "placed_at DESC"; null when the key is not of this table alone.</summary>
    private static string? SortKey(string sortKey, string alias)
    {
        var direction = Direction().Match(sortKey);
        var expression = sortKey[..direction.Index];
        if (!ConditionColumns.Mentions(expression, alias) || OtherTableColumn().IsMatch(ConditionColumns.WithoutAlias(expression, alias)))
        {
            return null;
        }

        return Key(expression, alias) + direction.Value;
    }

    [GeneratedRegex("""(?: DESC)?(?: NULLS (?:FIRST|LAST))?$""", RegexOptions.CultureInvariant)]
    private static partial Regex Direction();

    [GeneratedRegex("""^(?<column>"(?:[^"]|"")+"|[a-z_][a-z0-9_$]*) IS (?:NOT )?NULL$""", RegexOptions.CultureInvariant)]
    private static partial Regex NullTest();

    [GeneratedRegex("""(?<![\w'])[a-z_][a-z0-9_$]*\.(?:[a-z_]|")""", RegexOptions.CultureInvariant)]
    private static partial Regex OtherTableColumn();
}
