using McpDbEngineer.Answers;
using McpDbEngineer.Indexes;
using McpDbEngineer.Plans;
using McpDbEngineer.Sql;

namespace McpDbEngineer.Explain;

/// <summary>
/// Reads an EXPLAIN (FORMAT JSON) plan and finds what an experienced engineer would point at, with the numbers
/// behind each finding and what to try. Pure: the catalog facts it needs are passed in.
/// Measured numbers are used when the plan was executed (ANALYZE), the planner's estimates otherwise.
/// </summary>
public static class PlanAnalyzer
{
    /// <summary>
    /// A table smaller than this fits in a few dozen 8kB pages: reading it whole costs well under a millisecond,
    /// and an index on it would rarely pay for its upkeep.
    /// </summary>
    public const double LargeTableRows = 5_000;

    /// <summary>
    /// A scan keeping at most this share of what it reads is selective enough for an index to win; above it, the
    /// random heap reads of an index scan approach the cost of reading everything in order.
    /// </summary>
    public const double SelectiveFraction = 0.05;

    /// <summary>An estimate this many times off (either way) can pick the wrong join method or order; less rarely changes the plan.</summary>
    public const double MisestimateFactor = 10;

    /// <summary>
    /// Below this many rows (estimated or actual, all loops) even a large ratio cannot make the plan slow. Low on
    /// purpose: a scan estimated at 500 rows that returns 1 is what makes the planner pick a hash join over an index lookup.
    /// </summary>
    public const double MisestimateMinRows = 100;

    /// <summary>
    /// autovacuum re-analyzes a table once this share of its rows changed (autovacuum_analyze_scale_factor's default):
    /// past it, the planner's statistics describe a table that no longer exists.
    /// </summary>
    public const double StaleFraction = 0.1;

    /// <summary>Fewer changed rows than this cannot move a distribution enough to matter, whatever their share.</summary>
    public const double StaleMinRows = 500;

    /// <summary>A nested loop runs its inner side once per outer row; past this many, reading the inner side once (hash join) usually wins.</summary>
    public const double NestedLoopOuterRows = 5_000;

    /// <summary>Fewer heap fetches than this cost less than a millisecond or two, whatever their share.</summary>
    public const double HeapFetchesMin = 1_000;

    /// <summary>An Index Only Scan visiting the heap for this share of its rows has lost most of its advantage over an Index Scan.</summary>
    public const double HeapFetchesFraction = 0.1;

    /// <summary>JIT compilation taking this share of the execution time is not paid back by faster execution.</summary>
    public const double JitShare = 0.2;

    /// <summary>JIT time below this is not worth a finding, whatever its share.</summary>
    public const double JitMinMs = 10;

    /// <summary>
    /// Memory a sorted or hashed row takes beyond its width (tuple header and the sort/hash slot): used to judge from
    /// estimates whether a sort or hash fits in work_mem. Deliberately low, so estimate-based spills are not overstated.
    /// </summary>
    public const int RowOverheadBytes = 24;

    private const string TryHypothetical = "its cost before/after is under 'index candidates' below";

    /// <summary>pgvector's distance operators (L2, inner product, cosine, L1, Hamming, Jaccard).</summary>
    private static readonly string[] VectorDistanceOperators = [" <-> ", " <#> ", " <=> ", " <+> ", " <~> ", " <%> "];

    /// <summary>Nodes that hand a LIMIT's bound down to the Sort below them (PostgreSQL's ExecSetTupleBound).</summary>
    private static readonly HashSet<string> PassesBound = ["Gather", "Gather Merge", "Result", "Subquery Scan", "Merge Append", "Append"];

    public static PlanReport Analyze(string explainJson, PlanCatalog? catalog = null) =>
        Analyze(ExplainPlan.Parse(explainJson), catalog ?? PlanCatalog.Empty);

    public static PlanReport Analyze(ExplainPlan plan, PlanCatalog catalog)
    {
        var findings = new List<Finding>();
        var candidates = new List<IndexCandidate>();
        var explainedScans = new HashSet<PlanNode>(ReferenceEqualityComparer.Instance);
        var context = Walk(plan.Root, parent: null, earlyStop: false, bounded: false).ToList();
        findings.AddRange(StaleStatistics(plan, catalog));
        findings.AddRange(SortsForLimit(context, catalog, explainedScans, candidates));
        findings.AddRange(UnindexedJoinKeys(context, catalog, explainedScans));
        findings.AddRange(SelectiveSeqScans(context, catalog, explainedScans, candidates));
        findings.AddRange(LargeNestedLoops(context));
        if (plan.Analyzed)
        {
            findings.AddRange(Misestimates(context, catalog));
        }

        findings.AddRange(DiskSpills(context, catalog));
        findings.AddRange(HeapFetches(context));
        if (JitOverhead(plan) is { } jit)
        {
            findings.Add(jit);
        }

        return new PlanReport(plan, findings, candidates.DistinctBy(c => c.Sql).ToList());
    }

    /// <summary>
    /// A node with its parent, whether its parent may stop reading it early (LIMIT, semi/anti join, subplan), and
    /// whether a LIMIT above bounds it (a Sort then keeps only the top rows: top-N heapsort).
    /// </summary>
    private readonly record struct Visit(PlanNode Node, PlanNode? Parent, bool EarlyStop, bool Bounded);

    private static IEnumerable<Visit> Walk(PlanNode node, PlanNode? parent, bool earlyStop, bool bounded)
    {
        yield return new Visit(node, parent, earlyStop, bounded);
        foreach (var child in node.Children)
        {
            var stops = earlyStop
                || node.NodeType == "Limit"
                || child.ParentRelationship == "SubPlan"
                || (node.JoinType is "Semi" or "Anti" && child.ParentRelationship == "Inner")
                || (node.NodeType == "Merge Join" && child.ParentRelationship == "Inner");
            var childBounded = node.NodeType == "Limit" || (bounded && PassesBound.Contains(node.NodeType));
            foreach (var visit in Walk(child, node, stops, childBounded))
            {
                yield return visit;
            }
        }
    }

    private static IEnumerable<Finding> StaleStatistics(ExplainPlan plan, PlanCatalog catalog)
    {
        foreach (var table in plan.Root.DescendantsAndSelf().Select(catalog.Find).OfType<TableFacts>().Distinct())
        {
            if (table.Statistics is not { } age)
            {
                continue;
            }

            string evidence;
            if (table.Rows is null && age.LiveRows > 0)
            {
                evidence = $"never analyzed (~{Units.Rows(age.LiveRows)} live rows): the planner guesses its row counts and value distributions";
            }
            else if (age.ModifiedSinceAnalyze >= StaleMinRows && age.ModifiedSinceAnalyze >= StaleFraction * Math.Max(table.Rows ?? 0, age.LiveRows))
            {
                var when = age.LastAnalyzed is { } at ? $"the last ANALYZE ({Units.Timestamp(at)})" : "the last ANALYZE";
                evidence = $"{Units.Rows(age.ModifiedSinceAnalyze)} rows changed since {when}, {Units.Percent(age.ModifiedSinceAnalyze / Math.Max(table.Rows ?? 0, Math.Max(age.LiveRows, 1)))} of ~{Units.Rows(Math.Max(table.Rows ?? 0, age.LiveRows))}: its statistics are stale";
            }
            else
            {
                continue;
            }

            yield return new Finding(
                FindingKinds.StaleStatistics,
                Qualified(table),
                evidence,
                $"ANALYZE {Qualified(table)} (execute_sql in read-write mode), then explain again: estimates, misestimates and hypothetical-index costs all rest on these statistics");
        }
    }

    /// <summary>
    /// A LIMIT over a Sort of a large input: the whole input is read and sorted to return a few rows. An index in the
    /// sort order (after the equality columns) returns them in order, and the scan stops after the limit. Sorting by a
    /// vector distance is an exact nearest-neighbour search, which an approximate index serves instead.
    /// </summary>
    private static IEnumerable<Finding> SortsForLimit(List<Visit> plan, PlanCatalog catalog, HashSet<PlanNode> explainedScans, List<IndexCandidate> candidates)
    {
        foreach (var (sort, _, _, bounded) in plan)
        {
            if (!bounded || sort.NodeType != "Sort" || sort.NeverExecuted || ScanBelow(sort) is not { Alias: not null } scan
                || plan.LastOrDefault(v => v.Node.NodeType == "Limit" && v.Node.DescendantsAndSelf().Contains(sort)).Node is not { } limit)
            {
                continue;
            }

            var table = catalog.Find(scan);
            var subject = table is null ? scan.QualifiedRelation! : Qualified(table);
            var input = sort.Children[0].Analyzed ? sort.Children[0].TotalRows : scan.PlanRows * (scan.ParallelAware ? WorkersPlannedAbove(plan, sort) + 1 : 1);
            var returned = limit.TotalRows;
            if (input < LargeTableRows || returned > input * SelectiveFraction)
            {
                continue;
            }

            var keys = string.Join(", ", sort.SortKey);
            if (sort.SortKey.Select(VectorColumn).FirstOrDefault(c => c is not null) is { } vector)
            {
                explainedScans.Add(scan);
                var column = ConditionColumns.BareColumn(vector, scan.Alias) ?? vector;
                yield return new Finding(
                    FindingKinds.VectorExactScan,
                    subject,
                    $"exact nearest-neighbour search: {scan.Label} read ~{Units.Rows(input)} rows and sorted them by distance ({ShortText.Condition(keys)}) to return {Units.Rows(returned)}",
                    $"an approximate vector index (HNSW or IVFFlat) would serve it without reading every row: ask recommend_vector_index for {subject}.{column} (it decides the index, its parameters and the recall to expect)");
                continue;
            }

            var order = sort.SortKey;
            var candidate = IndexCandidates.ForScan(table?.PartitionRoot ?? subject, scan.Alias, scan.Conditions.Select(c => c.Value), order, scan.Output);
            if (candidate is null || candidate.Keys.Count == 0)
            {
                continue;
            }

            explainedScans.Add(scan);
            candidates.Add(candidate);
            yield return new Finding(
                FindingKinds.SortForLimit,
                subject,
                $"Limit {Units.Rows(returned)} over a Sort of ~{Units.Rows(input)} rows (sort {ShortText.Condition(keys)}): every row is read and sorted to return {Units.Rows(returned)}",
                $"{candidate.Sql}: the rows come out of the index in order and the scan stops after {Units.Rows(returned)}; {TryHypothetical}");
        }
    }

    /// <summary>The column side of a vector distance in a sort key ("p.embedding" of "(p.embedding <-> '[…]'::vector)"), or null.</summary>
    private static string? VectorColumn(string sortKey)
    {
        var expression = ConditionText.Unwrap(sortKey);
        var op = VectorDistanceOperators.FirstOrDefault(o => expression.Contains(o, StringComparison.Ordinal));
        return op is null ? null : ConditionText.Unwrap(expression[..expression.IndexOf(op, StringComparison.Ordinal)].Trim());
    }

    private static double WorkersPlannedAbove(List<Visit> plan, PlanNode node) =>
        plan.Select(v => v.Node).LastOrDefault(n => n.NodeType is "Gather" or "Gather Merge" && n.DescendantsAndSelf().Contains(node))?.WorkersPlanned ?? 0;

    /// <summary>The table scan a Sort reads, through a Gather between them.</summary>
    private static PlanNode? ScanBelow(PlanNode sort)
    {
        var node = sort.Children.Count == 1 ? sort.Children[0] : null;
        while (node is { NodeType: "Gather" or "Gather Merge", Children.Count: 1 })
        {
            node = node.Children[0];
        }

        return node is { Relation: not null } && node.NodeType.EndsWith("Scan", StringComparison.Ordinal) ? node : null;
    }

    private static IEnumerable<Finding> UnindexedJoinKeys(List<Visit> plan, PlanCatalog catalog, HashSet<PlanNode> explainedScans)
    {
        var reported = new HashSet<string>();
        foreach (var join in plan.Select(v => v.Node).Where(n => n.NodeType is "Hash Join" or "Merge Join" or "Nested Loop"))
        {
            var joinCondition = string.Join(" AND ", new[] { "Hash Cond", "Merge Cond", "Join Filter" }.Select(join.Condition).OfType<string>());
            foreach (var side in join.Children)
            {
                var scan = SeqScanBelow(side);
                if (scan?.Alias is null || catalog.Find(scan) is not { } table || TableRows(scan, table) is not (>= LargeTableRows and var tableRows))
                {
                    continue;
                }

                // An inner Seq Scan of a nested loop gets the outer row as a parameter in its own filter.
                var innerOfLoop = join.NodeType == "Nested Loop" && side.ParentRelationship == "Inner";
                var condition = innerOfLoop && scan.Condition("Filter") is { } filter ? $"{joinCondition} AND {filter}" : joinCondition;
                var keys = ConditionColumns.JoinKeys(condition, scan.Alias);
                if (keys.Count == 0 || keys.Any(k => table.IndexedLeadingColumns.Contains(k.Name)))
                {
                    continue;
                }

                // Without a selective join an index would not help: every row is needed anyway.
                var repeated = innerOfLoop && (scan.Analyzed ? scan.ActualLoops : join.Children[0].PlanRows) > 1;
                if (!repeated && join.TotalRows > tableRows * SelectiveFraction)
                {
                    continue;
                }

                explainedScans.Add(scan);
                var subject = Qualified(table);
                if (!reported.Add($"{subject}({keys[0].Name})"))
                {
                    continue;
                }

                var reads = repeated
                    ? (scan.Analyzed ? $" once per outer row ({Units.Rows(scan.ActualLoops)} times)" : " once per outer row")
                    : "";
                yield return new Finding(
                    FindingKinds.UnindexedJoinKey,
                    subject,
                    $"{join.Label} on {ShortText.Condition(condition)}: Seq Scan reads all ~{Units.Rows(tableRows)} rows{reads} for {Units.Rows(join.TotalRows)} joined rows; no index starts with {keys[0].Name}",
                    $"CREATE INDEX ON {table.PartitionRoot ?? subject} ({keys[0].Sql}); {TryHypothetical}");
            }
        }
    }

    /// <summary>The Seq Scan that feeds a join side through nodes that only pass rows on (Hash, Materialize, Memoize, Sort).</summary>
    private static PlanNode? SeqScanBelow(PlanNode node)
    {
        while (node.NodeType is "Hash" or "Materialize" or "Memoize" or "Sort" && node.Children.Count == 1)
        {
            node = node.Children[0];
        }

        return node.NodeType == "Seq Scan" ? node : null;
    }

    private static IEnumerable<Finding> SelectiveSeqScans(List<Visit> plan, PlanCatalog catalog, HashSet<PlanNode> explainedScans, List<IndexCandidate> candidates)
    {
        foreach (var scan in plan.Select(v => v.Node))
        {
            if (scan.NodeType != "Seq Scan" || scan.NeverExecuted || explainedScans.Contains(scan) || scan.Condition("Filter") is not { } filter)
            {
                continue;
            }

            var table = catalog.Find(scan);
            string evidence;
            if (scan.Analyzed)
            {
                // A parallel scan's loops are its workers sharing one pass; otherwise every loop is a full pass.
                var passes = scan.ParallelAware ? 1 : scan.ActualLoops;
                var read = (scan.ActualRows!.Value + scan.RowsRemovedByFilter) * scan.ActualLoops / passes;
                var returned = scan.ActualRows.Value * scan.ActualLoops / passes;
                if (read < LargeTableRows || returned > read * SelectiveFraction)
                {
                    continue;
                }

                evidence = $"read {Units.Rows(read)} rows to return {Units.Rows(returned)} ({Units.Percent(returned / read)})"
                    + (passes > 1 ? $", {Units.Rows(passes)} times" : "") + $"; filter {ShortText.Condition(filter)}";
            }
            else
            {
                if (table?.Rows is not (>= LargeTableRows and var rows) || scan.PlanRows > rows * SelectiveFraction)
                {
                    continue;
                }

                evidence = $"~{Units.Rows(rows)} rows in the table, {Units.Rows(scan.PlanRows)} expected to pass ({Units.Percent(scan.PlanRows / rows)}); filter {ShortText.Condition(filter)}";
            }

            var subject = table is null ? scan.QualifiedRelation! : Qualified(table);
            yield return new Finding(FindingKinds.SelectiveSeqScan, subject, evidence, IndexAdvice(scan, filter, subject, table, plan, candidates));
        }
    }

    private static string IndexAdvice(PlanNode scan, string filter, string subject, TableFacts? table, List<Visit> plan, List<IndexCandidate> candidates)
    {
        // A LIMIT over a Sort of this scan's rows wants them in order: the sort keys belong in the index after the equalities.
        var order = plan.FirstOrDefault(v => v.Bounded && v.Node.NodeType == "Sort" && ReferenceEquals(ScanBelow(v.Node), scan)).Node?.SortKey ?? [];
        if (scan.Alias is null || IndexCandidates.ForScan(table?.PartitionRoot ?? subject, scan.Alias, [filter], order, scan.Output) is not { } candidate)
        {
            return "make the filter compare a column with a value so an index can serve it";
        }

        if (table is not null && order.Count == 0 && table.IndexedLeadingColumns.Contains(candidate.Keys[0]))
        {
            return $"an index on {candidate.Keys[0]} exists but was not used: compare the column with a value of its own type, and run ANALYZE {subject}";
        }

        candidates.Add(candidate);
        return $"{candidate.Sql}; {TryHypothetical}";
    }

    private static IEnumerable<Finding> LargeNestedLoops(List<Visit> plan)
    {
        foreach (var loop in plan.Select(v => v.Node).Where(n => n.NodeType == "Nested Loop" && !n.NeverExecuted && n.Children.Count == 2))
        {
            var outer = loop.Children.FirstOrDefault(c => c.ParentRelationship == "Outer") ?? loop.Children[0];
            var inner = loop.Children.First(c => !ReferenceEquals(c, outer));
            if (outer.TotalRows < NestedLoopOuterRows)
            {
                continue;
            }

            var innerName = inner.Describe();
            string evidence;
            string action;
            if (loop.Analyzed)
            {
                evidence = $"outer side returned {Units.Rows(outer.TotalRows)} rows (estimated {Units.Rows(outer.PlanRows)}); inner {innerName} ran {Units.Rows(inner.ActualLoops)} times"
                    + (inner.TotalTimeMs is { } time ? $", {Units.Ms(time)} in all" : "");
                action = Ratio(outer.PlanRows, outer.ActualRows!.Value) >= MisestimateFactor
                    ? "the planner expected far fewer outer rows: fix that estimate first (ANALYZE the outer table, CREATE STATISTICS for correlated filters)"
                    : "make the inner side an index lookup on the join key, or compare with a hash join (enable_nestloop = off in a test session)";
            }
            else
            {
                evidence = $"the planner expects {Units.Rows(outer.PlanRows)} outer rows; inner {innerName} runs once per row";
                action = "make sure the inner side is an index lookup on the join key; run with analyze=true to see the real row counts";
            }

            yield return new Finding(FindingKinds.LargeNestedLoop, $"Nested Loop over {outer.Describe()}", evidence, action);
        }
    }

    private static IEnumerable<Finding> Misestimates(List<Visit> plan, PlanCatalog catalog)
    {
        foreach (var (node, _, earlyStop, _) in plan)
        {
            if (earlyStop || !IsMisestimated(node) || Math.Max(node.PlanRows, node.ActualRows!.Value) * node.ActualLoops < MisestimateMinRows)
            {
                continue;
            }

            // Errors propagate upwards: report the node where the estimate goes wrong, not every node above it.
            var under = node.ActualRows!.Value > node.PlanRows;
            if (node.Children.Any(c => IsMisestimated(c) && c.ActualRows > c.PlanRows == under))
            {
                continue;
            }

            var ratio = Ratio(node.PlanRows, node.ActualRows.Value);
            var condition = node.Conditions.Count > 0 ? $"; {node.Conditions[0].Key.ToLowerInvariant()} {ShortText.Condition(node.Conditions[0].Value)}" : "";
            var evidence = $"{node.Label} estimated {Units.Rows(node.PlanRows)} rows, actual {Units.Rows(node.ActualRows.Value)} ({ratio:0}× {(under ? "under" : "over")}){condition}";
            var scan = node.Relation is not null ? node : SingleScanBelow(node);
            var table = scan is null ? null : catalog.Find(scan);
            var subject = node.Relation is not null ? (table is not null ? Qualified(table) : node.QualifiedRelation!) : node.Describe();
            yield return new Finding(FindingKinds.Misestimate, subject, evidence, MisestimateFix(node, scan, table));
        }
    }

    /// <summary>The one table scan below a node (an aggregate over one table), or null when it reads several.</summary>
    private static PlanNode? SingleScanBelow(PlanNode node)
    {
        var scans = node.DescendantsAndSelf().Where(n => n.Relation is not null).ToList();
        return scans.Select(s => s.QualifiedRelation).Distinct().Count() == 1 ? scans[0] : null;
    }

    /// <summary>What corrects the estimate, by what the node estimates: a filter's selectivity, a number of groups, a join.</summary>
    private static string MisestimateFix(PlanNode node, PlanNode? scan, TableFacts? facts)
    {
        var table = facts is not null ? Qualified(facts) : scan?.QualifiedRelation;
        var name = (facts?.Name ?? scan?.Relation ?? "t") + "_stats";
        if (table is null || scan?.Alias is not { } alias)
        {
            return node.NodeType is "Hash Join" or "Merge Join" or "Nested Loop"
                ? $"the join's estimate ({node.Label}) is off: ANALYZE the tables below it; when the join columns are correlated with the filters of either side, CREATE STATISTICS (dependencies, mcv) on those filtered columns"
                : "ANALYZE the tables below it; if it stays off, CREATE STATISTICS on the columns it filters or groups by";
        }

        if (facts?.Rows is null || facts.Statistics is { } age && age.ModifiedSinceAnalyze >= StaleMinRows && age.ModifiedSinceAnalyze >= StaleFraction * (facts.Rows ?? 0))
        {
            return $"ANALYZE {table}: its statistics are missing or stale (see stale_statistics), then explain again";
        }

        // Groups: the planner estimates distinct values of the grouping keys.
        if (node.GroupKey.Count > 0)
        {
            var keys = node.GroupKey.Select(k => IndexCandidates.Key(k, alias)).ToList();
            if (keys.Any(k => k.StartsWith('(')))
            {
                return $"the planner cannot know how many distinct values an expression has: CREATE STATISTICS {name} ON {string.Join(", ", keys)} FROM {table}; ANALYZE {table} (expression statistics, PostgreSQL 14+)";
            }

            return keys.Count > 1
                ? $"the grouping columns are correlated: CREATE STATISTICS {name} (ndistinct) ON {string.Join(", ", keys)} FROM {table}; ANALYZE {table}"
                : $"raise the statistics target for a better distinct count: ALTER TABLE {table} ALTER COLUMN {keys[0]} SET STATISTICS 1000; ANALYZE {table}";
        }

        var operands = scan.Conditions.SelectMany(c => ConditionText.Conjuncts(c.Value)).Select(c => IndexCandidates.Operand(c, alias)).OfType<string>().Distinct().ToList();
        if (operands.FirstOrDefault(o => o.StartsWith('(')) is { } expression)
        {
            return $"the filter compares an expression the planner has no statistics for: CREATE STATISTICS {name} ON {expression} FROM {table}; ANALYZE {table} (expression statistics, PostgreSQL 14+), or an expression index on it";
        }

        return operands.Count switch
        {
            > 1 => $"the filtered columns are correlated and the planner multiplies their selectivities: CREATE STATISTICS {name} (dependencies, mcv) ON {string.Join(", ", operands)} FROM {table}; ANALYZE {table}",
            1 => $"raise the statistics target for a finer histogram and more common values: ALTER TABLE {table} ALTER COLUMN {operands[0]} SET STATISTICS 1000; ANALYZE {table}",
            _ => $"ANALYZE {table}; if it stays off, CREATE STATISTICS on the columns it filters by",
        };
    }

    private static bool IsMisestimated(PlanNode node) =>
        node.Analyzed && !node.NeverExecuted && Ratio(node.PlanRows, node.ActualRows!.Value) >= MisestimateFactor;

    private static double Ratio(double estimated, double actual) =>
        Math.Max(estimated, actual) / Math.Max(Math.Min(estimated, actual), 1);

    private static IEnumerable<Finding> DiskSpills(List<Visit> plan, PlanCatalog catalog)
    {
        foreach (var (node, _, _, bounded) in plan)
        {
            if (node.NeverExecuted)
            {
                continue;
            }

            if (!node.Analyzed)
            {
                if (EstimatedSpill(node, bounded, catalog) is { } estimated)
                {
                    yield return estimated;
                }

                continue;
            }

            var workMem = catalog.WorkMemKb is { } kb ? $", work_mem {Units.Kb(kb)}" : "";
            if (node.SortSpaceType == "Disk")
            {
                var key = node.SortKey.Count > 0 ? string.Join(", ", node.SortKey) : "the sort key";
                yield return new Finding(
                    FindingKinds.DiskSpill,
                    node.Describe(),
                    $"sort of {Units.Rows(node.TotalRows)} rows wrote {Units.Kb(node.SortSpaceKb ?? 0)} to disk ({node.SortMethod}{workMem})",
                    $"raise work_mem for this query above ~{Units.Kb((node.SortSpaceKb ?? 0) * 2)} (SET LOCAL work_mem), sort fewer rows, or serve the order from an index on ({key})");
            }
            else if (node.NodeType == "Hash" && node.HashBatches > 1)
            {
                yield return new Finding(
                    FindingKinds.DiskSpill,
                    node.Describe(),
                    $"hash of {Units.Rows(node.TotalRows)} rows split into {Units.Rows(node.HashBatches.Value)} batches on disk (planned {Units.Rows(node.OriginalHashBatches ?? 1)}), peak memory {Units.Kb(node.PeakMemoryKb ?? 0)}{workMem}",
                    $"raise work_mem (or hash_mem_multiplier) above ~{Units.Kb((node.PeakMemoryKb ?? 0) * node.HashBatches.Value)} for this query, or hash fewer rows (filter that side earlier)");
            }
            else if (node.HashAggBatches > 1 || node.DiskUsageKb > 0)
            {
                yield return new Finding(
                    FindingKinds.DiskSpill,
                    node.Describe(),
                    $"hash aggregate of {Units.Rows(node.TotalRows)} groups wrote {Units.Kb(node.DiskUsageKb ?? 0)} to disk in {Units.Rows(node.HashAggBatches ?? 1)} batches{workMem}",
                    "raise work_mem (or hash_mem_multiplier) for this query, or group fewer rows");
            }
            else if (node.NodeType is not ("Hash Join" or "Sort" or "Hash" or "Aggregate") && node.OwnBuffers.TempWritten > 0)
            {
                yield return new Finding(
                    FindingKinds.DiskSpill,
                    node.Describe(),
                    $"wrote {node.OwnBuffers.TempWritten} temp blocks ({Units.Kb(node.OwnBuffers.TempWritten * 8)}){workMem}",
                    "raise work_mem for this query or reduce the rows reaching this node");
            }
        }
    }

    /// <summary>Without ANALYZE: a sort or hash whose estimated rows × width exceed the memory it may use.</summary>
    private static Finding? EstimatedSpill(PlanNode node, bool bounded, PlanCatalog catalog)
    {
        if (catalog.WorkMemKb is not { } workMem)
        {
            return null;
        }

        // A sort under LIMIT (directly or through a Gather Merge) keeps only the top rows in memory (top-N heapsort).
        var limitKb = node switch
        {
            { NodeType: "Sort" } when !bounded => workMem,
            { NodeType: "Hash" } => workMem * catalog.HashMemMultiplier,
            _ => (double?)null,
        };
        var estimatedKb = node.PlanRows * (node.PlanWidth + RowOverheadBytes) / 1024;
        if (limitKb is not { } limit || estimatedKb <= limit)
        {
            return null;
        }

        return new Finding(
            FindingKinds.DiskSpill,
            node.Describe(),
            $"{node.Label} of ~{Units.Rows(node.PlanRows)} rows × {node.PlanWidth} bytes needs ~{Units.Kb(estimatedKb)}, over its memory limit {Units.Kb(limit)} (work_mem {Units.Kb(workMem)}): likely spills to disk",
            "run with analyze=true to confirm; then raise work_mem for this query or reduce the rows or columns reaching this node");
    }

    private static IEnumerable<Finding> HeapFetches(List<Visit> plan)
    {
        foreach (var scan in plan.Select(v => v.Node).Where(n => n.NodeType == "Index Only Scan" && n.HeapFetches is not null))
        {
            var fetches = scan.HeapFetches!.Value;
            var rows = scan.TotalRows;
            if (fetches < HeapFetchesMin || fetches < rows * HeapFetchesFraction)
            {
                continue;
            }

            var table = scan.QualifiedRelation ?? scan.IndexName ?? "the table";
            yield return new Finding(
                FindingKinds.HeapFetches,
                table,
                $"Index Only Scan using {scan.IndexName} visited the heap {Units.Rows(fetches)} times for {Units.Rows(rows)} rows ({Units.Percent(fetches / Math.Max(rows, 1))}): pages not marked all-visible",
                $"VACUUM {table} to refresh its visibility map; if it recurs, have autovacuum visit it more often (autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor)");
        }
    }

    private static Finding? JitOverhead(ExplainPlan plan)
    {
        if (plan.JitTotalMs is not { } jit || plan.ExecutionTimeMs is not { } execution || jit < JitMinMs || jit < execution * JitShare)
        {
            return null;
        }

        return new Finding(
            FindingKinds.JitOverhead,
            "query",
            $"JIT compilation took {Units.Ms(jit)} of {Units.Ms(execution)} execution ({Units.Percent(jit / execution)}) for a plan of cost {Units.Cost(plan.TotalCost)}",
            $"this query is too cheap for JIT: raise jit_above_cost above {Units.Cost(plan.TotalCost)} (and jit_inline_above_cost, jit_optimize_above_cost) or set jit = off for this workload");
    }

    private static double? TableRows(PlanNode scan, TableFacts table) =>
        table.Rows ?? (scan.Analyzed ? scan.ActualRows + scan.RowsRemovedByFilter : null);

    private static string Qualified(TableFacts table) => $"{Identifiers.AsPrinted(table.Schema)}.{Identifiers.AsPrinted(table.Name)}";
}
