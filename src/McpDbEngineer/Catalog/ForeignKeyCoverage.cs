namespace McpDbEngineer.Catalog;

/// <summary>
/// Whether a foreign key is backed by an index on the referencing side. Without one, every delete or key update of a
/// referenced row scans the referencing table (under lock). An index serves when its first columns are exactly the key's
/// columns, in any order; the caller passes only indexes that can look rows up (valid, not partial).
/// </summary>
public static class ForeignKeyCoverage
{
    public static bool IsCovered(IReadOnlyList<short> key, IEnumerable<IReadOnlyList<short>> indexKeys) =>
        key.Count > 0 && indexKeys.Any(index => index.Count >= key.Count && index.Take(key.Count).ToHashSet().SetEquals(key));
}
