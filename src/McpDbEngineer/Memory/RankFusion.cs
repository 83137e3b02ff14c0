namespace McpDbEngineer.Memory;

/// <summary>The searches a hybrid search can combine.</summary>
[Flags]
public enum SearchSignals
{
    None = 0,
    FullText = 1,
    Trigram = 2,
    Vector = 4,
    All = FullText | Trigram | Vector,
}

/// <summary>One memory's place in the fused ranking, with its place (from 1) in each search that found it.</summary>
public sealed record FusedHit(Guid Id, double Score, IReadOnlyDictionary<SearchSignals, int> Places);

/// <summary>
/// Reciprocal rank fusion: each search contributes 1 / (K + place) for each memory it found. Ranks, not raw scores,
/// are fused, because ts_rank, trigram similarity and cosine distance are on scales that cannot be compared.
/// </summary>
public static class RankFusion
{
    /// <summary>The usual constant (Cormack et al. 2009): it keeps one search's first place from outweighing agreement.</summary>
    public const int K = 60;

    public static IReadOnlyList<FusedHit> Fuse(IEnumerable<(SearchSignals Signal, Guid Id, int Place)> places) =>
        [.. places
            .GroupBy(p => p.Id)
            .Select(g => new FusedHit(
                g.Key,
                g.Sum(p => 1.0 / (K + p.Place)),
                g.GroupBy(p => p.Signal).ToDictionary(s => s.Key, s => s.Min(p => p.Place))))
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.Places.Values.Min())
            .ThenBy(h => h.Id)];
}
