namespace McpDbEngineer.Catalog;

/// <summary>
/// One object of a catalog snapshot: its kind ("relation", "function", "role", …), its key (the guard's snapshot keys
/// by oid, so that renames and moves read as such; the schema snapshot of rehearsals by name, so that an object made
/// again reads as restored), its readable name, and its facts by name ("schema", "acl", "enabled", …).
/// A snapshot holds tens of thousands of them and almost all are unchanged: the facts stay as the query returned them
/// ('name=value' texts) until a difference needs them by name.
/// </summary>
public sealed class CatalogObject
{
    private readonly IReadOnlyList<string> _facts;
    private Dictionary<string, string>? _byName;

    private CatalogObject(string kind, string key, string name, IReadOnlyList<string> facts)
    {
        Kind = kind;
        Key = key;
        Name = name;
        _facts = facts;
    }

    public string Kind { get; }

    public string Key { get; }

    public string Name { get; }

    public IReadOnlyDictionary<string, string> Facts => _byName ??= Parse(_facts);

    public string Fact(string name) => Facts.TryGetValue(name, out var value) ? value : "";

    /// <summary>Same name and facts, compared as returned (the common case, checked before any parsing).</summary>
    public bool SameAs(CatalogObject other) =>
        string.Equals(Name, other.Name, StringComparison.Ordinal) && _facts.SequenceEqual(other._facts, StringComparer.Ordinal);

    /// <summary>Facts as the snapshot query writes them: 'name=value' (the value may contain '=').</summary>
    public static CatalogObject FromRow(string kind, string key, string name, IReadOnlyList<string> facts) => new(kind, key, name, facts);

    private static Dictionary<string, string> Parse(IReadOnlyList<string> facts)
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

        return parsed;
    }
}
