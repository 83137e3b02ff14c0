namespace McpDbEngineer.Safety.Effects;

/// <summary>
/// One object of a catalog snapshot: its kind ("relation", "function", "role", …), a key that survives renames and
/// moves (its oid, or the oids it joins), its readable name, and its facts by name ("schema", "acl", "enabled", …).
/// </summary>
public sealed record CatalogObject(string Kind, string Key, string Name, IReadOnlyDictionary<string, string> Facts)
{
    public string Fact(string name) => Facts.TryGetValue(name, out var value) ? value : "";

    /// <summary>Facts as the snapshot query writes them: 'name=value' (the value may contain '=').</summary>
    public static CatalogObject FromRow(string kind, string key, string name, IEnumerable<string> facts)
    {
        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var fact in facts)
        {
            var equals = fact.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                parsed[fact[..equals]] = fact[(equals + 1)..];
            }
        }

        return new CatalogObject(kind, key, name, parsed);
    }
}
