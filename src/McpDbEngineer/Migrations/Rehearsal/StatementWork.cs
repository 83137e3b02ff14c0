namespace McpDbEngineer.Migrations.Rehearsal;

/// <summary>One row of Sql/relation_state.sql: a relation's data file, a constraint's validation, a column's NOT NULL.</summary>
public sealed record RelationFact(string Kind, long Oid, long TableOid, string Name, string Sort, string Value);

/// <summary>What a statement made PostgreSQL do to tables that existed before it (the ones the target has).</summary>
/// <param name="Rewritten">Tables (and materialized views) with a new data file: every row written again.</param>
/// <param name="Indexed">Tables an index was built on.</param>
/// <param name="Scanned">Tables read whole to validate a constraint or a NOT NULL.</param>
public sealed record StatementWork(IReadOnlyList<string> Rewritten, IReadOnlyList<string> Indexed, IReadOnlyList<string> Scanned)
{
    /// <summary>Compares the state before and after one statement. Pure.</summary>
    public static StatementWork Between(IReadOnlyList<RelationFact> before, IReadOnlyList<RelationFact> after)
    {
        var tables = Tables(before);
        var was = before.GroupBy(f => (f.Kind, f.Oid, f.Name)).ToDictionary(g => g.Key, g => g.First());

        var rewritten = after
            .Where(f => f.Kind == "relation" && tables.TryGetValue(f.Oid, out var t) && t.Value != f.Value)
            .Select(f => tables[f.Oid].Name);
        var indexed = after
            .Where(f => f.Kind == "relation" && f.Sort is "i" or "I" && !was.ContainsKey((f.Kind, f.Oid, f.Name)) && tables.ContainsKey(f.TableOid))
            .Select(f => tables[f.TableOid].Name);
        var validated = after
            .Where(f => f.Kind == "constraint" && f.Value == "true" && tables.ContainsKey(f.TableOid)
                        && (!was.TryGetValue((f.Kind, f.Oid, f.Name), out var old) || old.Value != "true"))
            .Select(f => tables[f.TableOid].Name);
        var madeNotNull = after
            .Where(f => f.Kind == "column" && f.Value == "true" && tables.ContainsKey(f.TableOid)
                        && was.TryGetValue((f.Kind, f.Oid, f.Name), out var old) && old.Value != "true")
            .Select(f => tables[f.TableOid].Name);

        // A rewrite reads every row anyway, and checks the constraints it recreates while it writes them again.
        var rewrites = rewritten.Distinct().Order(StringComparer.Ordinal).ToList();
        return new StatementWork(
            rewrites,
            indexed.Distinct().Order(StringComparer.Ordinal).ToList(),
            validated.Concat(madeNotNull).Except(rewrites).Distinct().Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// The tables that existed before the statement, by oid: the ones whose locks matter on the target (the locks on
    /// their indexes come with the table's, and what the statement creates nobody else sees before COMMIT).
    /// </summary>
    public static Dictionary<long, string> ExistingTables(IReadOnlyList<RelationFact> before) =>
        Tables(before).ToDictionary(t => t.Key, t => t.Value.Name);

    private static Dictionary<long, RelationFact> Tables(IReadOnlyList<RelationFact> before) =>
        before.Where(f => f.Kind == "relation" && f.Sort is "r" or "p" or "m").GroupBy(f => f.Oid).ToDictionary(g => g.Key, g => g.First());
}
