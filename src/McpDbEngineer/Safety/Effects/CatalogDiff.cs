using System.Globalization;
using McpDbEngineer.Catalog;
using K = McpDbEngineer.Safety.Effects.CatalogChangeKind;

namespace McpDbEngineer.Safety.Effects;

/// <summary>
/// Two catalog snapshots, before and after a call, compared into changes a human reads ("renamed public.orders to
/// public.orders_old", "granted SELECT on table public.orders to PUBLIC"). Pure: no database, tested directly.
/// Objects are matched by key (their oid), so a rename or a move is seen as one, not as a drop and a create.
/// </summary>
public static class CatalogDiff
{
    /// <param name="rewritesExpected">
    /// The statements rewrite tables themselves (ALTER TABLE, CLUSTER, VACUUM FULL, REFRESH MATERIALIZED VIEW): a new
    /// data file is then their doing. Otherwise a table's new, empty data file is a TRUNCATE by code they reached.
    /// </param>
    public static IReadOnlyList<CatalogChange> Compare(IReadOnlyList<CatalogObject> before, IReadOnlyList<CatalogObject> after, bool rewritesExpected = false)
    {
        var old = Index(before);
        var now = Index(after);
        // The parts of a relation that is gone (its columns, constraints, triggers, indexes) went with it: one line.
        var goneRelations = before.Where(o => o.Kind == "relation" && !now.ContainsKey((o.Kind, o.Key))).Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        var newRelations = after.Where(o => o.Kind == "relation" && !old.ContainsKey((o.Kind, o.Key))).Select(o => o.Key).ToHashSet(StringComparer.Ordinal);

        var changes = new List<CatalogChange>();
        foreach (var o in before)
        {
            if (!now.ContainsKey((o.Kind, o.Key)) && !BelongsTo(o, goneRelations))
            {
                Dropped(o, now, changes);
            }
        }

        foreach (var o in after)
        {
            if (old.TryGetValue((o.Kind, o.Key), out var was))
            {
                Changed(was, o, rewritesExpected, changes);
            }
            else if (!BelongsTo(o, newRelations))
            {
                Created(o, changes);
            }
        }

        // The same words for several objects (three foreign-key triggers disabled) read once, with a count.
        return changes
            .GroupBy(c => c)
            .Select(g => g.Count() == 1 ? g.Key : g.Key with { Text = $"{g.Key.Text} (×{g.Count()})" })
            .ToList();
    }

    private static Dictionary<(string, string), CatalogObject> Index(IReadOnlyList<CatalogObject> objects)
    {
        var index = new Dictionary<(string, string), CatalogObject>();
        foreach (var o in objects)
        {
            index.TryAdd((o.Kind, o.Key), o);
        }

        return index;
    }

    private static bool BelongsTo(CatalogObject o, HashSet<string> relations) =>
        o.Kind != "relation" && o.Facts.TryGetValue("rel", out var rel) && relations.Contains(rel)
        || o.Kind == "relation" && o.Fact("rel") is { Length: > 0 } table && relations.Contains(table)
        || o.Kind == "inheritance" && relations.Contains(o.Fact("parent"));

    private static void Dropped(CatalogObject o, Dictionary<(string, string), CatalogObject> now, List<CatalogChange> changes)
    {
        switch (o.Kind)
        {
            case "relation":
                changes.Add(new(K.Dropped, $"dropped {RelationKind(o)} {o.Name}"));
                break;
            case "sequence":
                break; // the relation of the same oid says it
            case "trigger" when o.Fact("internal") == "true":
                break; // a foreign key's own triggers: the constraint says it
            case "inheritance":
                changes.Add(new(K.Detached, o.Fact("partition") == "true"
                    ? $"detached partition {o.Name.Replace(" from ", " from partitioned table ", StringComparison.Ordinal)}"
                    : $"removed {o.Name.Replace(" from ", " from the inheritance children of ", StringComparison.Ordinal)}"));
                break;
            case "policy":
                changes.Add(new(K.RowSecurity, $"dropped policy {o.Name}"));
                break;
            case "role":
                changes.Add(new(K.Role, $"dropped role {o.Name}"));
                break;
            case "membership":
                changes.Add(new(K.Role, $"revoked membership: {o.Name}"));
                break;
            case "setting":
                changes.Add(new(K.Setting, $"removed the settings of {o.Name} ({string.Join(", ", o.Facts.Select(f => f.Key + "=" + f.Value))})"));
                break;
            case "default privileges":
                changes.Add(new(K.Privileges, $"removed default privileges {o.Name}"));
                break;
            default:
                changes.Add(new(K.Dropped, $"dropped {o.Kind} {o.Name}"));
                break;
        }
    }

    private static void Created(CatalogObject o, List<CatalogChange> changes)
    {
        switch (o.Kind)
        {
            case "relation":
                changes.Add(new(K.Created, $"created {RelationKind(o)} {o.Name}"));
                break;
            case "sequence":
                break;
            case "trigger" when o.Fact("internal") == "true":
                break;
            case "trigger" or "rule" or "event trigger":
                changes.Add(new(K.CodeThatRunsLater, $"created {o.Kind} {o.Name} (code that runs later, on events)"));
                break;
            case "function" when o.Fact("secdef") == "true":
                changes.Add(new(K.SecurityDefiner, $"created SECURITY DEFINER function {o.Name} (it runs with the rights of its owner, {o.Fact("owner")})"));
                break;
            case "inheritance":
                changes.Add(new(K.Created, o.Fact("partition") == "true" ? $"attached partition {o.Name.Replace(" from ", " to ", StringComparison.Ordinal)}" : $"made {o.Name.Replace(" from ", " inherit from ", StringComparison.Ordinal)}"));
                break;
            case "policy":
                changes.Add(new(K.RowSecurity, $"created policy {o.Name}"));
                break;
            case "role":
                var attributes = o.Facts.Where(f => f.Key.All(char.IsUpper) && f.Value == "true" && f.Key != "INHERIT").Select(f => f.Key).ToList();
                changes.Add(new(K.Role, $"created role {o.Name}{(attributes.Count > 0 ? " " + string.Join(" ", attributes) : "")}"));
                break;
            case "membership":
                changes.Add(new(K.Role, $"granted membership: {o.Name}{(o.Fact("admin") == "true" ? " WITH ADMIN OPTION" : "")}"));
                break;
            case "setting":
                foreach (var (name, value) in o.Facts)
                {
                    changes.Add(new(K.Setting, $"set {name} = {value} for {o.Name}"));
                }

                break;
            case "default privileges":
                changes.Add(new(K.Privileges, $"set default privileges {o.Name}: {o.Fact("acl")}"));
                break;
            default:
                changes.Add(new(K.Created, $"created {o.Kind} {o.Name}"));
                break;
        }
    }

    private static void Changed(CatalogObject was, CatalogObject now, bool rewritesExpected, List<CatalogChange> changes)
    {
        if (was.SameAs(now))
        {
            return;
        }

        var differing = now.Facts.Keys.Union(was.Facts.Keys).Where(f => was.Fact(f) != now.Fact(f)).ToList();
        if (differing.Count == 0)
        {
            return;
        }

        switch (was.Kind)
        {
            case "relation":
                Relation(was, now, differing, rewritesExpected, changes);
                break;
            case "sequence":
                Sequence(was, now, changes);
                break;
            case "trigger" or "rule" or "event trigger":
                Trigger(was, now, differing, changes);
                break;
            case "policy":
                changes.Add(new(K.RowSecurity, $"changed policy {now.Name} ({string.Join(", ", differing)})"));
                break;
            case "role":
                foreach (var fact in differing)
                {
                    changes.Add(new(K.Role, fact == "name"
                        ? $"renamed role {was.Name} to {now.Name}"
                        : now.Fact(fact) == "true" ? $"gave role {now.Name} {fact}" : $"took {fact} from role {now.Name}"));
                }

                break;
            case "membership":
                changes.Add(new(K.Role, $"changed membership {now.Name} ({string.Join(", ", differing.Select(f => $"{f}={now.Fact(f)}"))})"));
                break;
            case "setting":
                foreach (var fact in differing)
                {
                    changes.Add(new(K.Setting, now.Facts.ContainsKey(fact)
                        ? $"set {fact} = {now.Fact(fact)} for {now.Name}{(was.Facts.ContainsKey(fact) ? $" (was {was.Fact(fact)})" : "")}"
                        : $"reset {fact} for {now.Name}"));
                }

                break;
            case "default privileges":
                changes.Add(new(K.Privileges, $"changed default privileges {now.Name}: {was.Fact("acl")} → {now.Fact("acl")}"));
                break;
            default:
                Generic(was, now, differing, changes);
                break;
        }
    }

    private static void Relation(CatalogObject was, CatalogObject now, List<string> differing, bool rewritesExpected, List<CatalogChange> changes)
    {
        var what = RelationKind(now);
        var columnsRenamedOrDropped = differing.Any(f => f.StartsWith("col:", StringComparison.Ordinal));
        foreach (var fact in differing)
        {
            switch (fact)
            {
                case var column when column.StartsWith("col:", StringComparison.Ordinal):
                    // Columns by number: a new name at the same number is a rename, a number gone is a dropped column.
                    changes.Add(was.Fact(fact).Length == 0
                        ? new(K.Created, $"added column {now.Fact(fact)} to {what} {now.Name}")
                        : now.Fact(fact).Length == 0
                            ? new(K.Dropped, $"dropped column {was.Fact(fact)} of {what} {now.Name}")
                            : new(K.Renamed, $"renamed column {was.Fact(fact)} of {what} {now.Name} to {now.Fact(fact)}"));
                    break;
                case "columns" when !columnsRenamedOrDropped:
                    changes.Add(new(K.Altered, $"changed a column's type, default or NOT NULL in {what} {now.Name}"));
                    break;
                case "columns":
                    break;
                case "column_acl":
                    changes.Add(new(K.Privileges, $"changed column privileges on {what} {now.Name}"));
                    break;
                case "schema":
                    changes.Add(new(K.Moved, $"moved {what} {was.Name} to schema {now.Fact("schema")}"));
                    break;
                case "name":
                    changes.Add(new(K.Renamed, $"renamed {what} {was.Name} to {now.Name}"));
                    break;
                case "persistence" when now.Fact(fact) == "u":
                    changes.Add(new(K.MadeUnlogged, $"made {what} {now.Name} unlogged (its rows are lost after a crash and not replicated)"));
                    break;
                case "rls":
                    changes.Add(new(K.RowSecurity, $"{(now.Fact(fact) == "true" ? "enabled" : "disabled")} row level security on {now.Name}"));
                    break;
                case "force_rls":
                    changes.Add(new(K.RowSecurity, $"{(now.Fact(fact) == "true" ? "forced" : "stopped forcing")} row level security on {now.Name} for its owner"));
                    break;
                case "acl":
                    changes.AddRange(Acl.Changes($"{what} {now.Name}", was.Fact(fact), now.Fact(fact)));
                    break;
                case "owner":
                    changes.Add(new(K.Ownership, $"changed the owner of {what} {now.Name} from {was.Fact(fact)} to {now.Fact(fact)}"));
                    break;
                case "definition":
                    changes.Add(new(K.Replaced, $"replaced {what} {now.Name} (a new definition)"));
                    break;
                case "options" when now.Fact("kind") == "v":
                    // security_barrier / security_invoker decide whose rights and which rows a view shows.
                    changes.Add(new(K.Replaced, $"changed the options of view {now.Name} from {Or(was.Fact(fact))} to {Or(now.Fact(fact))}"));
                    break;
                case "storage" when !rewritesExpected:
                    Storage(was, now, what, changes);
                    break;
                case "storage":
                    break;
                case "rel":
                    break;
                default:
                    changes.Add(new(K.Altered, $"changed the {fact} of {what} {now.Name} from {Or(was.Fact(fact))} to {Or(now.Fact(fact))}"));
                    break;
            }
        }
    }

    /// <summary>
    /// A new data file that PostgreSQL marks empty and unanalyzed (0 pages, -1 tuples) is what TRUNCATE leaves — and
    /// TRUNCATE counts no deleted rows, so one run by a function or a trigger would go unseen otherwise. ALTER TABLE
    /// rewrites leave the same mark; they are told apart by the statements (see Compare's rewritesExpected).
    /// </summary>
    private static void Storage(CatalogObject was, CatalogObject now, string what, List<CatalogChange> changes)
    {
        var before = was.Fact("storage").Split(' ');
        var after = now.Fact("storage").Split(' ');
        if (before.Length == 3 && after.Length == 3 && before[0] != after[0] && after[1] == "0" && after[2] == "-1")
        {
            changes.Add(new(K.Dropped, $"emptied {what} {now.Name} (a new, empty data file, as TRUNCATE leaves, made by code the statements reached)"));
        }
    }

    private static void Sequence(CatalogObject was, CatalogObject now, List<CatalogChange> changes)
    {
        if (decimal.TryParse(was.Fact("next"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var before)
            && decimal.TryParse(now.Fact("next"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var after)
            && decimal.TryParse(now.Fact("increment"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var increment)
            && (after - before) * Math.Sign(increment) < 0)
        {
            // Values already handed out come again: inserts collide with, or silently reuse, existing keys.
            changes.Add(new(K.SequenceBackwards, $"sequence {now.Name} moved back: its next value is {after}, was {before}"));
        }

        if (was.Fact("increment") != now.Fact("increment"))
        {
            changes.Add(new(K.Altered, $"changed the increment of sequence {now.Name} from {was.Fact("increment")} to {now.Fact("increment")}"));
        }
    }

    private static void Trigger(CatalogObject was, CatalogObject now, List<string> differing, List<CatalogChange> changes)
    {
        var internalTrigger = now.Fact("internal") == "true";
        foreach (var fact in differing)
        {
            switch (fact)
            {
                // 'O' and 'A' fire in ordinary sessions; 'D' (disabled) and 'R' (replica only) do not.
                case "enabled" when now.Fact(fact) is "D" or "R" && was.Fact(fact) is "O" or "A":
                    changes.Add(new(K.TriggersDisabled, internalTrigger
                        ? $"disabled a foreign-key trigger on {now.Name[(now.Name.IndexOf(" on ", StringComparison.Ordinal) + 4)..]} (the key is no longer enforced)"
                        : $"disabled {was.Kind} {now.Name}"));
                    break;
                case "enabled":
                    changes.Add(new(K.Altered, $"enabled {was.Kind} {now.Name}"));
                    break;
                case "definition" or "function":
                    changes.Add(new(K.Replaced, $"replaced {was.Kind} {now.Name} (a new definition)"));
                    break;
                case "name":
                    changes.Add(new(K.Renamed, $"renamed {was.Kind} {was.Name} to {now.Name}"));
                    break;
                default:
                    changes.Add(new(K.Altered, $"changed the {fact} of {was.Kind} {now.Name}"));
                    break;
            }
        }
    }

    /// <summary>Columns, constraints, functions, schemas, the database, extensions: one line per changed fact.</summary>
    private static void Generic(CatalogObject was, CatalogObject now, List<string> differing, List<CatalogChange> changes)
    {
        foreach (var fact in differing)
        {
            switch (fact)
            {
                case "name":
                    changes.Add(new(K.Renamed, $"renamed {was.Kind} {was.Name} to {now.Name}"));
                    break;
                case "schema":
                    changes.Add(new(K.Moved, $"moved {was.Kind} {was.Name} to schema {now.Fact(fact)}"));
                    break;
                case "acl":
                    changes.AddRange(Acl.Changes($"{was.Kind} {now.Name}", was.Fact(fact), now.Fact(fact)));
                    break;
                case "owner":
                    changes.Add(new(K.Ownership, $"changed the owner of {was.Kind} {now.Name} from {was.Fact(fact)} to {now.Fact(fact)}"));
                    break;
                case "secdef" when now.Fact(fact) == "true":
                    changes.Add(new(K.SecurityDefiner, $"made function {now.Name} SECURITY DEFINER (it runs with the rights of its owner, {now.Fact("owner")})"));
                    break;
                case "body" or "volatility" or "config" when was.Kind == "function":
                    changes.Add(new(K.Replaced, $"replaced function {now.Name} ({fact})"));
                    break;
                case "connections" or "allowconn":
                    changes.Add(new(K.Setting, $"changed {fact} of database {now.Name} from {was.Fact(fact)} to {now.Fact(fact)}"));
                    break;
                case "rel":
                    break;
                default:
                    changes.Add(new(K.Altered, $"changed the {fact} of {was.Kind} {now.Name} from {Or(was.Fact(fact))} to {Or(now.Fact(fact))}"));
                    break;
            }
        }
    }

    private static string Or(string value) => value.Length == 0 ? "(none)" : value;

    private static string RelationKind(CatalogObject o) => o.Fact("kind") switch
    {
        "r" => "table",
        "p" => "partitioned table",
        "v" => "view",
        "m" => "materialized view",
        "i" or "I" => "index",
        "S" => "sequence",
        "f" => "foreign table",
        _ => "relation",
    };
}
