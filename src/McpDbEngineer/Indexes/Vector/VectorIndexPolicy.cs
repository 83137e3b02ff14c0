using System.Globalization;
using McpDbEngineer.Answers;
using McpDbEngineer.Sql;

namespace McpDbEngineer.Indexes.Vector;

/// <summary>
/// Decides how to index one vector column from its facts and the caller's goals, with no I/O: no index, HNSW or
/// IVFFlat, what to key (the column, a halfvec cast, a binary quantization), the parameters, a build estimate and the
/// search settings. Every rule names the section of pgvector's README it follows.
/// </summary>
public static class VectorIndexPolicy
{
    /// <summary>Below this an exact scan reads a few MB and answers in milliseconds with perfect recall: an index buys little.</summary>
    public const double SmallTableRows = 10_000;

    /// <summary>Rows written per second (about 86,000 a day) from which a table counts as changing: IVFFlat's lists are trained once, at build.</summary>
    public const double HighWritesPerSecond = 1;

    /// <summary>From here pgvector's README switches IVFFlat's lists from rows/1000 to sqrt(rows); also where IVFFlat's cheaper build starts to matter.</summary>
    public const double LargeTableRows = 1_000_000;

    /// <summary>Rows from which a parallel build is worth its workers.</summary>
    public const double ParallelBuildRows = 100_000;

    /// <summary>Most workers pgvector's README suggests asking for (plus the leader).</summary>
    public const int MaxBuildWorkers = 7;

    /// <summary>Dimensions HNSW and IVFFlat can index: vector 2,000, halfvec 4,000, bit 64,000 (pgvector README, HNSW).</summary>
    public const int MaxVectorDimensions = 2_000;

    public const int MaxHalfvecDimensions = 4_000;

    /// <summary>In memory an HNSW element holds its header and heap pointers besides its value and neighbors (pgvector hnsw.h).</summary>
    private const int HnswElementOverheadBytes = 96;

    /// <summary>One neighbor in the in-memory graph: a pointer, its distance and a flag.</summary>
    private const int HnswNeighborBytes = 16;

    /// <summary>Seconds per dimension of one distance computed while building (about 2 GFLOP/s of scalar work: an order of magnitude).</summary>
    private const double SecondsPerDimension = 0.5e-9;

    /// <summary>How much slower an HNSW build runs once its graph no longer fits maintenance_work_mem (it then writes pages as it goes).</summary>
    private const double HnswSpillSlowdown = 3;

    private const string Readme = "pgvector README, ";

    public static VectorIndexPlan Decide(VectorColumnFacts facts, VectorGoals goals)
    {
        var rules = new List<VectorRule>();
        var distance = ChooseDistance(facts, goals, rules);
        var column = Identifiers.AsPrinted(facts.Column);
        var existing = facts.Indexes.FirstOrDefault(i => i.OperatorClass.EndsWith("_" + distance.OpsSuffix, StringComparison.Ordinal));

        var (expression, orderBy, keyType, dims) = Keys(facts, distance, column, rules);
        if (existing is null && facts.Rows > 0 && facts.Rows < SmallTableRows)
        {
            rules.Add(new("small_table",
                $"{Units.Rows(facts.Rows)} rows: an exact scan is fast and exact (perfect recall); ask again once it passes about {Units.Rows(SmallTableRows)} rows.",
                Readme + "Indexing"));
            return new VectorIndexPlan("none", distance, null, column, $"{column} {distance.Operator} $1", null, null, null, null, [], rules);
        }

        var method = existing?.Method ?? ChooseMethod(facts, distance, keyType, dims, goals, rules);
        var opClass = $"{keyType}_{distance.OpsSuffix}";
        if (keyType == "bit")
        {
            opClass = "bit_hamming_ops";
        }

        HnswParameters? hnsw = null;
        IvfflatParameters? ivfflat = null;
        var search = new List<string>();
        if (method == "hnsw")
        {
            hnsw = Hnsw(goals, rules);
            search.Add($"SET hnsw.ef_search = {hnsw.EfSearch}");
        }
        else
        {
            ivfflat = Ivfflat(facts.Rows, rules);
            search.Add($"SET ivfflat.probes = {ivfflat.Probes}");
        }

        Filters(facts, method, search, rules);
        if (existing is not null)
        {
            rules.Add(new("already_indexed",
                $"{existing.Name} ({existing.Method}, {existing.OperatorClass}, {Units.Bytes(existing.Bytes)}) already serves {distance.Operator}: tune the search settings, build nothing.",
                Readme + (existing.Method == "hnsw" ? "HNSW > Query Options" : "IVFFlat > Query Options")));
            return new VectorIndexPlan(method, distance, existing.OperatorClass, expression, orderBy, hnsw, ivfflat, null, null, search, rules);
        }

        var build = Build(facts, method, dims, keyType, hnsw, ivfflat, rules);
        var with = hnsw is not null
            ? $"m = {hnsw.M}, ef_construction = {hnsw.EfConstruction}"
            : $"lists = {ivfflat!.Lists}";
        var create = $"CREATE INDEX CONCURRENTLY ON {facts.Table} USING {method} ({expression} {opClass}) WITH ({with})";
        rules.Add(new("concurrently", "Build it CONCURRENTLY on a live table: writes go on during the build.", Readme + "Performance > Indexing"));
        return new VectorIndexPlan(method, distance, opClass, expression, orderBy, hnsw, ivfflat, build, create, search, rules);
    }

    private static VectorDistance ChooseDistance(VectorColumnFacts facts, VectorGoals goals, List<VectorRule> rules)
    {
        var used = facts.Operators.Select(o => (Distance: VectorDistance.ByOperator(o.Operator), o.Calls)).Where(o => o.Distance is not null).ToList();
        if (used.Count > 1)
        {
            rules.Add(new("several_distances",
                $"The workload uses {string.Join(", ", used.Select(u => $"{u.Distance!.Operator} ({Units.Count(u.Calls)} calls)"))}: an index serves one distance; index each one used.",
                Readme + "HNSW"));
        }

        if (goals.Distance is { } given)
        {
            rules.Add(new("distance", $"{given.Operator} ({given.Name}) as given.", Readme + "Querying"));
            return given;
        }

        if (used.Count > 0)
        {
            var top = used.OrderByDescending(u => u.Calls).First();
            rules.Add(new("distance", $"{top.Distance!.Operator} ({top.Distance.Name}): the distance the workload uses most ({facts.WorkloadSource}).", Readme + "Querying"));
            return top.Distance;
        }

        rules.Add(new("distance", $"No query on the column was found ({facts.WorkloadSource}); assumed <-> (l2). Give distance if the queries use another.", Readme + "Querying"));
        return VectorDistance.L2;
    }

    /// <summary>What the index keys: the column itself up to the dimensions it can index, else a halfvec cast, else a binary quantization.</summary>
    private static (string Expression, string OrderBy, string KeyType, int Dims) Keys(VectorColumnFacts facts, VectorDistance distance, string column, List<VectorRule> rules)
    {
        var dims = facts.Dimensions ?? 0;
        var d = dims.ToString(CultureInfo.InvariantCulture);
        if (facts.Type == "sparsevec")
        {
            rules.Add(new("sparsevec", "sparsevec: HNSW only, and only vectors with up to 1,000 non-zero elements can be indexed.", Readme + "Sparse Vectors"));
            return (column, $"{column} {distance.Operator} $1", "sparsevec", dims);
        }

        var limit = facts.Type == "halfvec" ? MaxHalfvecDimensions : MaxVectorDimensions;
        if (dims > limit && dims <= MaxHalfvecDimensions)
        {
            rules.Add(new("halfvec",
                $"{dims} dimensions: a {facts.Type} index takes at most {MaxVectorDimensions}; index it cast to halfvec (up to {MaxHalfvecDimensions}, half the size) and cast the query the same way.",
                Readme + "Half-Precision Indexing"));
            return ($"({column}::halfvec({d}))", $"{column}::halfvec({d}) {distance.Operator} $1::halfvec({d})", "halfvec", dims);
        }

        if (dims > limit)
        {
            rules.Add(new("binary_quantization",
                $"{dims} dimensions: above {MaxHalfvecDimensions} even halfvec cannot be indexed; index the binary quantization (bit, Hamming distance) and re-rank the candidates by the original {distance.Operator} in an outer query.",
                Readme + "Binary Quantization"));
            return ($"(binary_quantize({column})::bit({d}))",
                $"binary_quantize({column})::bit({d}) <~> binary_quantize($1) LIMIT 20·k, then ORDER BY {column} {distance.Operator} $1 LIMIT k", "bit", dims);
        }

        if (!facts.DimensionsDeclared && dims > 0)
        {
            rules.Add(new("undeclared_dimensions",
                $"{column} is {facts.Type} without dimensions, which an index refuses; index ({column}::{facts.Type}({d})) and cast the query alike (or ALTER the column to {facts.Type}({d})).",
                Readme + "Indexing Subvectors"));
            return ($"({column}::{facts.Type}({d}))", $"{column}::{facts.Type}({d}) {distance.Operator} $1::{facts.Type}({d})", facts.Type, dims);
        }

        return (column, $"{column} {distance.Operator} $1", facts.Type, dims);
    }

    private static string ChooseMethod(VectorColumnFacts facts, VectorDistance distance, string keyType, int dims, VectorGoals goals, List<VectorRule> rules)
    {
        if (keyType == "sparsevec" || !distance.Ivfflat)
        {
            rules.Add(new("hnsw_only", $"HNSW: IVFFlat has no operator class for {(keyType == "sparsevec" ? "sparsevec" : distance.Operator + " (" + distance.Name + ")")}.", Readme + "IVFFlat"));
            return "hnsw";
        }

        if (facts.Rows <= 0)
        {
            rules.Add(new("no_data", "HNSW: the table has no rows yet; HNSW has no training step and indexes rows as they arrive, IVFFlat would train its lists on nothing.", Readme + "HNSW"));
            return "hnsw";
        }

        if (facts.WritesPerSecond >= HighWritesPerSecond)
        {
            rules.Add(new("write_rate",
                $"HNSW: {Rate(facts.WritesPerSecond)} rows written; HNSW keeps its recall as rows change, IVFFlat's lists are trained once at build time.",
                Readme + "HNSW; IVFFlat"));
            return "hnsw";
        }

        var graph = HnswMemory(facts.Rows, dims, keyType, Hnsw(goals, []).M);
        if (facts.Rows >= LargeTableRows && graph > facts.MaintenanceWorkMemKb * 1024)
        {
            rules.Add(new("ivfflat_build",
                $"IVFFlat: {Units.Rows(facts.Rows)} rows that rarely change, and HNSW's graph (~{Units.Bytes(graph)}) would not fit maintenance_work_mem; IVFFlat builds faster in less memory, at a lower speed-recall tradeoff.",
                Readme + "IVFFlat"));
            return "ivfflat";
        }

        rules.Add(new("hnsw", "HNSW: a better speed-recall tradeoff than IVFFlat, no training step.", Readme + "HNSW"));
        return "hnsw";
    }

    private static HnswParameters Hnsw(VectorGoals goals, List<VectorRule> rules)
    {
        var high = goals.TargetRecall >= 0.99;
        var parameters = new HnswParameters(
            high ? 32 : 16,
            high ? 128 : 64,
            Math.Max(goals.K, goals.TargetRecall >= 0.99 ? 200 : goals.TargetRecall >= 0.95 ? 100 : 40));
        rules.Add(new("hnsw_options",
            high
                ? $"m = 32, ef_construction = 128 for recall ≥ {goals.TargetRecall:0.##}: more connections and a wider build list raise recall, at the cost of build time and insert speed."
                : "m = 16, ef_construction = 64: pgvector's defaults.",
            Readme + "HNSW > Index Options"));
        rules.Add(new("ef_search",
            $"hnsw.ef_search = {parameters.EfSearch} to start (default 40; at least k = {goals.K}, or fewer rows come back); higher is better recall, slower. measure: true finds the value that reaches the target.",
            Readme + "HNSW > Query Options"));
        return parameters;
    }

    private static IvfflatParameters Ivfflat(double rows, List<VectorRule> rules)
    {
        var lists = (int)Math.Max(1, rows <= LargeTableRows ? rows / 1000 : Math.Sqrt(rows));
        var probes = (int)Math.Max(1, Math.Round(Math.Sqrt(lists)));
        rules.Add(new("ivfflat_lists", $"lists = {lists}: rows / 1000 up to 1M rows, sqrt(rows) above.", Readme + "IVFFlat"));
        rules.Add(new("ivfflat_probes",
            $"ivfflat.probes = {probes} (sqrt(lists)) to start; higher is better recall, slower. measure: true finds the value that reaches the target.",
            Readme + "IVFFlat > Query Options"));
        rules.Add(new("ivfflat_after_load",
            "Build it after the data is loaded: its lists are the centers of the rows present at build time; rebuild (REINDEX CONCURRENTLY) when the data has changed much.",
            Readme + "IVFFlat"));
        return new IvfflatParameters(lists, probes);
    }

    private static void Filters(VectorColumnFacts facts, string method, List<string> search, List<VectorRule> rules)
    {
        if (facts.Filters.Count == 0)
        {
            return;
        }

        var columns = string.Join(", ", facts.Filters);
        if (AtLeast(facts.PgvectorVersion, 0, 8))
        {
            search.Add(method == "hnsw" ? "SET hnsw.iterative_scan = strict_order" : "SET ivfflat.iterative_scan = relaxed_order");
            rules.Add(new("iterative_scan",
                $"The queries also filter on {columns}: the filter applies after the index scan and can leave fewer than k rows; iterative index scans read on until k rows pass.",
                Readme + "Iterative Index Scans"));
        }
        else
        {
            rules.Add(new("iterative_scan",
                $"The queries also filter on {columns}: the filter applies after the index scan and can leave fewer than k rows. pgvector {facts.PgvectorVersion} has no iterative scans: ALTER EXTENSION vector UPDATE to 0.8.0 or later, or raise {(method == "hnsw" ? "hnsw.ef_search" : "ivfflat.probes")}.",
                Readme + "Iterative Index Scans"));
        }

        rules.Add(new("filter_index",
            $"A selective filter on {columns} is better served by a B-tree on it (exact search over the rows it keeps), a partial index per value, or partitions.",
            Readme + "Filtering"));
    }

    private static BuildEstimate Build(VectorColumnFacts facts, string method, int dims, string keyType, HnswParameters? hnsw, IvfflatParameters? ivfflat, List<VectorRule> rules)
    {
        var rows = Math.Max(facts.Rows, 0);
        var workers = rows >= ParallelBuildRows ? Math.Min(MaxBuildWorkers, Math.Max(facts.MaxParallelWorkers, 0)) : 0;
        var budget = facts.MaintenanceWorkMemKb * 1024;
        long memory;
        double seconds;
        if (hnsw is not null)
        {
            memory = HnswMemory(rows, dims, keyType, hnsw.M);
            seconds = rows * hnsw.EfConstruction * hnsw.M * Math.Max(dims, 1) * SecondsPerDimension * (memory > budget ? HnswSpillSlowdown : 1);
        }
        else
        {
            // k-means over a sample of max(lists × 50, 10,000) rows, then every row compared with every list's center.
            var sample = Math.Min(rows, Math.Max(ivfflat!.Lists * 50.0, 10_000));
            memory = (long)((sample + 2.0 * ivfflat.Lists) * ValueBytes(dims, keyType));
            seconds = (rows + sample * 10) * ivfflat.Lists * Math.Max(dims, 1) * SecondsPerDimension;
        }

        seconds /= workers + 1;
        var fits = memory <= budget;
        var mwm = Units.Bytes(budget);
        if (fits)
        {
            rules.Add(new("maintenance_work_mem", $"The build needs ~{Units.Bytes(memory)}; maintenance_work_mem is {mwm}: it fits.", Readme + (method == "hnsw" ? "HNSW > Index Build Time" : "IVFFlat > Index Build Time")));
        }
        else
        {
            var wanted = Units.Bytes(RoundUpToMb((long)(memory * 1.25)));
            rules.Add(new("maintenance_work_mem",
                method == "hnsw"
                    ? $"The graph needs ~{Units.Bytes(memory)} but maintenance_work_mem is {mwm}: the build is much slower once the graph no longer fits. SET maintenance_work_mem = '{wanted}' in the building session, if the server has that memory free."
                    : $"The build needs ~{Units.Bytes(memory)} but maintenance_work_mem is {mwm}: IVFFlat refuses to build ('memory required is …'). SET maintenance_work_mem = '{wanted}' in the building session.",
                Readme + (method == "hnsw" ? "HNSW > Index Build Time" : "IVFFlat > Index Build Time")));
        }

        if (workers > facts.MaxParallelMaintenanceWorkers)
        {
            rules.Add(new("parallel_build",
                $"SET max_parallel_maintenance_workers = {workers} (plus the leader) in the building session (now {facts.MaxParallelMaintenanceWorkers}); more workers also need max_parallel_workers (now {facts.MaxParallelWorkers}).",
                Readme + (method == "hnsw" ? "HNSW > Index Build Time" : "IVFFlat > Index Build Time")));
        }
        else
        {
            workers = Math.Min(workers, facts.MaxParallelMaintenanceWorkers);
        }

        return new BuildEstimate(memory, seconds, fits, workers);
    }

    /// <summary>The in-memory HNSW graph: per element its value, 2m neighbors on layer 0 (plus about m/(m-1) above), and a header.</summary>
    public static long HnswMemory(double rows, int dims, string keyType, int m) =>
        (long)(Math.Max(rows, 0) * (ValueBytes(dims, keyType) + HnswElementOverheadBytes + (2.0 * m + m / Math.Max(m - 1.0, 1)) * HnswNeighborBytes));

    /// <summary>Bytes of one value as stored: 4 per dimension (vector), 2 (halfvec), 1/8 (bit), 8 per non-zero (sparsevec, counted as all here), plus the header.</summary>
    private static double ValueBytes(int dims, string keyType) => 8 + keyType switch
    {
        "halfvec" => 2.0 * dims,
        "bit" => dims / 8.0,
        _ => 4.0 * dims,
    };

    private static long RoundUpToMb(long bytes) => (bytes + (1 << 20) - 1) / (1 << 20) * (1 << 20);

    private static string Rate(double perSecond) => perSecond >= 1
        ? perSecond.ToString("0.#", CultureInfo.InvariantCulture) + "/s"
        : (perSecond * 3600).ToString("0.#", CultureInfo.InvariantCulture) + "/h";

    /// <summary>Whether an extension version ("0.8.0", "0.7.4") is at least major.minor.</summary>
    public static bool AtLeast(string version, int major, int minor) =>
        Version.TryParse(version, out var parsed) && parsed >= new Version(major, minor);
}
