namespace McpDbEngineer.Catalog;

/// <summary>
/// Picks the catalog names closest to a name that was not found, for "Did you mean" hints. Computed here rather than
/// with pg_trgm or fuzzystrmatch, which a database may not have installed.
/// </summary>
public static class NameSuggestions
{
    private const double Threshold = 0.5;

    /// <summary>Up to <paramref name="max"/> displays of the candidates most like <paramref name="wanted"/>, best first.</summary>
    /// <param name="candidates">
    /// Name to compare with, how to show it (e.g. schema-qualified), and a weight below 1 for candidates that are less
    /// likely meant (in another schema than the one named).
    /// </param>
    public static IReadOnlyList<string> Closest(string wanted, IEnumerable<(string Name, string Display, double Weight)> candidates, int max = 5) =>
        candidates
            .Select(c => (c.Display, Score: Similarity(wanted, c.Name) * c.Weight))
            .Where(c => c.Score >= Threshold)
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Display, StringComparer.Ordinal)
            .Select(c => c.Display)
            .Distinct(StringComparer.Ordinal)
            .Take(max)
            .ToList();

    /// <summary>"Did you mean: a, b?" or an empty string when nothing is close.</summary>
    public static string Hint(IReadOnlyList<string> closest) =>
        closest.Count == 0 ? "" : $" Did you mean: {string.Join(", ", closest)}?";

    /// <summary>
    /// 0..1: the best of prefix/containment (a singular typed for a plural, a word of a longer name), edit distance
    /// (typos) and trigram overlap (reordered words), all case-insensitive.
    /// </summary>
    public static double Similarity(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        if (a == b)
        {
            return 1;
        }

        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
        var lengthRatio = (double)shorter.Length / longer.Length;
        var containment = longer.StartsWith(shorter, StringComparison.Ordinal) ? 0.5 + (0.5 * lengthRatio)
            : longer.Contains(shorter, StringComparison.Ordinal) && shorter.Length >= 3 ? 0.4 + (0.5 * lengthRatio)
            : 0;
        var edits = 1 - ((double)EditDistance(a, b) / longer.Length);
        return Math.Max(containment, Math.Max(edits, TrigramSimilarity(a, b)));
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    private static int EditDistance(string a, string b)
    {
        var twoBack = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], twoBack[j - 2] + 1); // "ordres" is one slip from "orders"
                }
            }

            (twoBack, previous, current) = (previous, current, twoBack);
        }

        return previous[b.Length];
    }

    /// <summary>Jaccard overlap of padded trigrams, the measure pg_trgm uses.</summary>
    private static double TrigramSimilarity(string a, string b)
    {
        var x = Trigrams(a);
        var y = Trigrams(b);
        var shared = x.Count(y.Contains);
        return (double)shared / (x.Count + y.Count - shared);
    }

    private static HashSet<string> Trigrams(string word)
    {
        var padded = "  " + word + " ";
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 3 <= padded.Length; i++)
        {
            set.Add(padded.Substring(i, 3));
        }

        return set;
    }
}
