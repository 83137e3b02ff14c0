using System.Text;

namespace McpDbEngineer.Safety.Effects;

/// <summary>
/// Access control lists as PostgreSQL prints them (<c>{alice=arwd/alice,=r/alice}</c>: grantee=privileges/grantor,
/// an empty grantee is PUBLIC) compared into grants and revokes a human reads. Pure.
/// </summary>
public static class Acl
{
    private static readonly Dictionary<char, string> Privileges = new()
    {
        ['r'] = "SELECT", ['w'] = "UPDATE", ['a'] = "INSERT", ['d'] = "DELETE", ['D'] = "TRUNCATE", ['x'] = "REFERENCES",
        ['t'] = "TRIGGER", ['X'] = "EXECUTE", ['U'] = "USAGE", ['C'] = "CREATE", ['c'] = "CONNECT", ['T'] = "TEMPORARY",
        ['m'] = "MAINTAIN", ['s'] = "SET", ['A'] = "ALTER SYSTEM",
    };

    /// <summary>The grants and revokes between two ACLs of <paramref name="what"/>; at least one line when they differ.</summary>
    public static IReadOnlyList<CatalogChange> Changes(string what, string before, string after)
    {
        var was = Parse(before);
        var now = Parse(after);
        // An ACL that was the default (empty) and is now spelt out lists the owner's own rights: not a change.
        var defaultBefore = before.Length == 0;
        var changes = new List<CatalogChange>();
        foreach (var grantee in now.Keys.Union(was.Keys).Order(StringComparer.Ordinal))
        {
            var had = was.GetValueOrDefault(grantee) ?? [];
            var has = now.GetValueOrDefault(grantee) ?? [];
            var granted = has.Except(had).ToList();
            var revoked = had.Except(has).ToList();
            var name = grantee.Length == 0 ? "PUBLIC" : grantee;
            if (granted.Count > 0 && !(defaultBefore && IsOwnerSelfGrant(after, grantee)))
            {
                changes.Add(new(CatalogChangeKind.Privileges, $"granted {string.Join(", ", granted)} on {what} to {name}"));
            }

            if (revoked.Count > 0)
            {
                changes.Add(new(CatalogChangeKind.Privileges, $"revoked {string.Join(", ", revoked)} on {what} from {name}"));
            }
        }

        if (changes.Count == 0 && before != after)
        {
            changes.Add(new(CatalogChangeKind.Privileges, $"changed the privileges on {what} from {(before.Length == 0 ? "the default" : before)} to {(after.Length == 0 ? "the default" : after)}"));
        }

        return changes;
    }

    private static bool IsOwnerSelfGrant(string acl, string grantee) =>
        grantee.Length > 0 && Items(acl).Any(i => i.Grantee == grantee && i.Grantor == grantee);

    /// <summary>Grantee → privileges ("SELECT", "UPDATE WITH GRANT OPTION").</summary>
    private static Dictionary<string, HashSet<string>> Parse(string acl)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var item in Items(acl))
        {
            if (!result.TryGetValue(item.Grantee, out var set))
            {
                result[item.Grantee] = set = [];
            }

            for (var i = 0; i < item.Privileges.Length; i++)
            {
                var letter = item.Privileges[i];
                if (letter == '*')
                {
                    continue;
                }

                var grantOption = i + 1 < item.Privileges.Length && item.Privileges[i + 1] == '*';
                var privilege = Privileges.GetValueOrDefault(letter, letter.ToString());
                set.Add(grantOption ? privilege + " WITH GRANT OPTION" : privilege);
            }
        }

        return result;
    }

    private readonly record struct Item(string Grantee, string Privileges, string Grantor);

    private static IEnumerable<Item> Items(string acl)
    {
        var text = acl.Trim().TrimStart('{').TrimEnd('}');
        foreach (var raw in SplitOutsideQuotes(text, ','))
        {
            // An item with a quoted role name is itself quoted in the array: "\"odd name\"=r/alice".
            var item = raw.StartsWith('"') && raw.EndsWith('"') && raw.Length > 1 ? raw[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal) : raw;
            var parts = SplitOutsideQuotes(item, '=', '/');
            if (parts.Count == 3)
            {
                yield return new Item(Unquote(parts[0]), parts[1], Unquote(parts[2]));
            }
        }
    }

    private static string Unquote(string name) =>
        name.Length > 1 && name[0] == '"' && name[^1] == '"' ? name[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : name;

    /// <summary>Splits at the separators (the first of each, in order when several are given) outside double quotes.</summary>
    private static List<string> SplitOutsideQuotes(string text, params char[] separators)
    {
        var parts = new List<string>();
        if (text.Length == 0)
        {
            return parts;
        }

        var current = new StringBuilder();
        var quoted = false;
        var next = 0;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }

            var separator = separators.Length == 1 ? separators[0] : next < separators.Length ? separators[next] : '\0';
            if (!quoted && c == separator)
            {
                parts.Add(current.ToString());
                current.Clear();
                next++;
                continue;
            }

            current.Append(c);
        }

        parts.Add(current.ToString());
        return parts;
    }
}
