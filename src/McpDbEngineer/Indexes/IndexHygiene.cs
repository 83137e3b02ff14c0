using McpDbEngineer.Answers;
using McpDbEngineer.Catalog;

namespace McpDbEngineer.Indexes;

/// <summary>
/// The index hygiene rules of review_indexes, pure: from <see cref="IndexReviewFacts"/> to findings, each with the DDL
/// that fixes it. An index that backs a constraint, enforces uniqueness, is the replica identity or serves a foreign key
/// is never proposed for dropping; an index is proposed for dropping once, by the most specific rule.
/// </summary>
public static class IndexHygiene
{
    /// <summary>Below this many rows a scan of the table is cheap anyway: selectivity does not matter.</summary>
    public const double LowSelectivityMinRows = 10_000;

    /// <summary>At most this many distinct values: each lookup reads a tenth of the table or more, where a scan wins.</summary>
    public const double LowSelectivityMaxDistinct = 10;

    /// <summary>An index this many times its expected size is bloated (a freshly built btree is about 90% full).</summary>
    public const double BloatRatio = 2;

    /// <summary>Bloat smaller than this is not worth a rebuild.</summary>
    public const long BloatMinWasteBytes = 1024 * 1024;

    private const int PageBytes = 8192;

    /// <summary>Usable bytes of a btree leaf page: page header (24) and btree special space (16) off, at fillfactor 90.</summary>
    private const double UsablePageBytes = (PageBytes - 24 - 16) * 0.9;

    public static IReadOnlyList<Finding> Judge(IndexReviewFacts facts)
    {
        var findings = new List<Finding>();
        var dropped = new HashSet<string>();
        var valid = facts.Indexes.Where(i => i.Valid).ToList();

        findings.AddRange(facts.Indexes.Where(i => !i.Valid).Select(Invalid));
        findings.AddRange(Duplicates(valid, dropped));
        findings.AddRange(Prefixes(valid, dropped));
        findings.AddRange(facts.ForeignKeys.Where(fk => !ForeignKeyCoverage.IsCovered(fk.Key, fk.ReferencingIndexKeys)).Select(Unindexed));
        findings.AddRange(Droppable(valid, facts.ForeignKeys, dropped, IsLowSelectivity).Select(LowSelectivity));
        findings.AddRange(Droppable(valid, facts.ForeignKeys, dropped, i => i.Scans == 0).Select(i => Unused(i, facts.StatsReset)));
        findings.AddRange(valid.Where(i => !dropped.Contains(i.Name)).Select(Bloat).OfType<Finding>());
        return findings;
    }

    /// <summary>Whether dropping the index could break something: a constraint, uniqueness, replication or a foreign key's lookups.</summary>
    public static bool MustKeep(ReviewedIndex index, IReadOnlyList<ReviewedForeignKey> foreignKeys) =>
        index.BacksConstraint || index.Unique || index.ReplicaIdentity || ServesForeignKey(index, foreignKeys);

    private static bool ServesForeignKey(ReviewedIndex index, IReadOnlyList<ReviewedForeignKey> foreignKeys) =>
        index.Predicate.Length == 0
        && foreignKeys.Any(fk => fk.Referencing == index.Table && ForeignKeyCoverage.IsCovered(fk.Key, [index.Key]));

    private static Finding Invalid(ReviewedIndex index) => new(
        "invalid_index", index.Name,
        $"invalid (a failed CREATE INDEX or REINDEX CONCURRENTLY): writes may still maintain it, queries never use it; {Units.Bytes(index.Bytes)}",
        $"REINDEX INDEX CONCURRENTLY {index.Name};{(index.Unique ? "  -- remove the duplicate keys first" : "")} or, if not needed: DROP INDEX CONCURRENTLY {index.Name};");

    /// <summary>Same table, method, key (operator classes, collations, order), expressions, predicate and INCLUDE columns: keep one, preferring the one a constraint uses, then the most scanned.</summary>
    private static IEnumerable<Finding> Duplicates(List<ReviewedIndex> valid, HashSet<string> dropped)
    {
        var groups = valid.GroupBy(i => (i.Table, i.Method, string.Join('|', i.KeySignature), string.Join(' ', i.Columns), i.Expressions, i.Predicate));
        foreach (var group in groups.Where(g => g.Count() > 1))
        {
            var ordered = group.OrderByDescending(i => i.BacksConstraint).ThenByDescending(i => i.Unique).ThenByDescending(i => i.Scans).ThenBy(i => i.Name, StringComparer.Ordinal).ToList();
            var kept = ordered[0];
            foreach (var duplicate in ordered.Skip(1).Where(i => !i.BacksConstraint && (!i.Unique || kept.Unique)))
            {
                dropped.Add(duplicate.Name);
                yield return new Finding(
                    "duplicate_index", duplicate.Name,
                    $"same as {kept.Name} ({kept.Definition}); {Units.Bytes(duplicate.Bytes)}, {Units.Count(duplicate.Scans)} scans",
                    $"DROP INDEX CONCURRENTLY {duplicate.Name};");
            }
        }
    }

    /// <summary>A btree whose plain key columns lead a longer btree on the same table with the same predicate: the longer one serves its lookups.</summary>
    private static IEnumerable<Finding> Prefixes(List<ReviewedIndex> valid, HashSet<string> dropped)
    {
        foreach (var shorter in valid.Where(i => i.Method == "btree" && !i.HasExpressions && !i.HasInclude && !i.BacksConstraint && !i.Unique && !dropped.Contains(i.Name)))
        {
            var longer = valid.FirstOrDefault(other =>
                other.Table == shorter.Table && other.Method == "btree" && other.Predicate == shorter.Predicate && !dropped.Contains(other.Name)
                && other.KeyCount > shorter.KeyCount && other.KeySignature.Take(shorter.KeyCount).SequenceEqual(shorter.KeySignature));
            if (longer is not null)
            {
                dropped.Add(shorter.Name);
                yield return new Finding(
                    "redundant_prefix_index", shorter.Name,
                    $"({shorter.Definition}) leads {longer.Name} ({longer.Definition}); {Units.Bytes(shorter.Bytes)}, {Units.Count(shorter.Scans)} scans",
                    $"DROP INDEX CONCURRENTLY {shorter.Name};");
            }
        }
    }

    private static Finding Unindexed(ReviewedForeignKey fk) => new(
        "fk_without_index", $"{fk.Referencing} ({fk.Columns})",
        $"{fk.Name} → {fk.Referenced}: each delete or key update there scans {fk.Referencing}",
        $"CREATE INDEX CONCURRENTLY ON {fk.Referencing} ({fk.Columns});");

    private static IEnumerable<ReviewedIndex> Droppable(
        List<ReviewedIndex> valid, IReadOnlyList<ReviewedForeignKey> foreignKeys, HashSet<string> dropped, Func<ReviewedIndex, bool> rule)
    {
        foreach (var index in valid.Where(i => !dropped.Contains(i.Name) && !MustKeep(i, foreignKeys) && rule(i)))
        {
            dropped.Add(index.Name);
            yield return index;
        }
    }

    private static Finding Unused(ReviewedIndex index, DateTime? statsReset) => new(
        "unused_index", index.Name,
        $"0 scans since {(statsReset is { } at ? Units.Timestamp(at) : "the cluster started (statistics never reset)")}; {Units.Bytes(index.Bytes)} ({index.Definition})",
        $"DROP INDEX CONCURRENTLY {index.Name};  -- first check replicas and rare jobs: their scans are not counted here");

    private static bool IsLowSelectivity(ReviewedIndex index) =>
        index.Method == "btree" && index.KeyCount == 1 && index.Predicate.Length == 0 && index.TableRows >= LowSelectivityMinRows
        && Distinct(index) is > 0 and <= LowSelectivityMaxDistinct;

    private static double? Distinct(ReviewedIndex index) => index.LeadDistinct is { } n ? (n < 0 ? -n * index.TableRows : n) : null;

    private static Finding LowSelectivity(ReviewedIndex index) => new(
        "low_selectivity_index", index.Name,
        $"~{Units.Rows(Distinct(index) ?? 0)} distinct values in {Units.Rows(index.TableRows)} rows ({index.Definition}): a lookup reads a large share of the table; {Units.Bytes(index.Bytes)}, {Units.Count(index.Scans)} scans",
        $"DROP INDEX CONCURRENTLY {index.Name};  -- for a rare value, a partial index (CREATE INDEX CONCURRENTLY … WHERE col = value) serves better");

    /// <summary>
    /// Expected btree size from the table's rows and the key's average width: each entry is an 8-byte tuple header plus
    /// the key, aligned to 8, plus a 4-byte line pointer. Deduplication and NULLs make real indexes smaller, so this
    /// errs toward reporting less bloat.
    /// </summary>
    private static Finding? Bloat(ReviewedIndex index)
    {
        if (index.Method != "btree" || index.Predicate.Length > 0 || index.KeyWidth is not { } width || index.TableRows <= 0)
        {
            return null;
        }

        var entryBytes = (8 + width + 7) / 8 * 8 + 4;
        var expectedPages = (long)Math.Ceiling(index.TableRows * entryBytes / UsablePageBytes) + 1;
        var wasteBytes = (index.Pages - expectedPages) * PageBytes;
        if (index.Pages < expectedPages * BloatRatio || wasteBytes < BloatMinWasteBytes)
        {
            return null;
        }

        return new Finding(
            "bloated_index", index.Name,
            $"estimate: {Units.Bytes(index.Pages * PageBytes)} where ~{Units.Bytes(expectedPages * PageBytes)} is expected for {Units.Rows(index.TableRows)} rows of ~{width}-byte keys",
            $"REINDEX INDEX CONCURRENTLY {index.Name};");
    }
}
