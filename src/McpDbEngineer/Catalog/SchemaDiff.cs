namespace McpDbEngineer.Catalog;

/// <summary>One way two schemas differ: an object only one side has, or one fact of an object both have.</summary>
/// <param name="Fact">The fact that differs ("type", "definition"); null when the whole object is missing or extra.</param>
/// <param name="Before">The fact's value before (for a missing object: its facts); null for an extra object.</param>
/// <param name="After">The fact's value after; null for a missing object.</param>
public sealed record SchemaDifference(string Kind, string Name, string? Fact, string? Before, string? After)
{
    public override string ToString() => (Fact, Before, After) switch
    {
        (null, _, null) => $"missing {Kind} {Name}{Detail(Before)}",
        (null, null, _) => $"extra {Kind} {Name}{Detail(After)}",
        _ => $"{Kind} {Name}: {Fact} {Shown(Before)} → {Shown(After)}",
    };

    private static string Detail(string? value) => string.IsNullOrEmpty(value) ? "" : $" ({value})";

    private static string Shown(string? value) => string.IsNullOrEmpty(value) ? "(none)" : value;
}

/// <summary>
/// Two name-keyed schema snapshots (<see cref="SchemaSnapshot"/>) compared fact by fact. Pure: tested without a database.
/// The columns, constraints, indexes, triggers and policies of a table that is missing or extra as a whole are left
/// out: the table's one line says it.
/// </summary>
public static class SchemaDiff
{
    public static IReadOnlyList<SchemaDifference> Compare(IReadOnlyList<CatalogObject> before, IReadOnlyList<CatalogObject> after)
    {
        var old = before.GroupBy(o => (o.Kind, o.Key)).ToDictionary(g => g.Key, g => g.First());
        var now = after.GroupBy(o => (o.Kind, o.Key)).ToDictionary(g => g.Key, g => g.First());
        var missingTables = Tables(before, now);
        var extraTables = Tables(after, old);

        var differences = new List<SchemaDifference>();
        foreach (var o in before)
        {
            if (!now.TryGetValue((o.Kind, o.Key), out var later))
            {
                if (!PartOf(o, missingTables))
                {
                    differences.Add(new(o.Kind, o.Name, null, Summary(o), null));
                }

                continue;
            }

            if (o.SameAs(later))
            {
                continue;
            }

            foreach (var fact in o.Facts.Keys.Union(later.Facts.Keys).Where(f => o.Fact(f) != later.Fact(f)))
            {
                differences.Add(new(o.Kind, o.Name, fact, o.Fact(fact), later.Fact(fact)));
            }
        }

        foreach (var o in after)
        {
            if (!old.ContainsKey((o.Kind, o.Key)) && !PartOf(o, extraTables))
            {
                differences.Add(new(o.Kind, o.Name, null, null, Summary(o)));
            }
        }

        return differences;
    }

    /// <summary>The relations of <paramref name="side"/> that the other side lacks.</summary>
    private static HashSet<string> Tables(IReadOnlyList<CatalogObject> side, Dictionary<(string, string), CatalogObject> other) =>
        side.Where(o => o.Kind is "table" or "partitioned table" or "view" or "materialized view" or "foreign table"
                        && !other.ContainsKey((o.Kind, o.Key)))
            .Select(o => o.Key)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Columns are named "table.column", the rest of a table's parts "name on table".</summary>
    private static bool PartOf(CatalogObject o, HashSet<string> tables) => o.Kind switch
    {
        "column" => tables.Contains(o.Key[..Math.Max(0, o.Key.LastIndexOf('.'))]),
        "index" => tables.Contains(o.Fact("table")),
        "constraint" or "trigger" or "rule" or "policy" => o.Key.IndexOf(" on ", StringComparison.Ordinal) is var at and >= 0 && tables.Contains(o.Key[(at + 4)..]),
        _ => false,
    };

    /// <summary>What identifies a missing or extra object to a reader: its definition when it has one.</summary>
    private static string Summary(CatalogObject o) =>
        o.Fact("definition") is { Length: > 0 } definition ? definition
        : o.Kind == "column" ? o.Fact("type")
        : "";
}
