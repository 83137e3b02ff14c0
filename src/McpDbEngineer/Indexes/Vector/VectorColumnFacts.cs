namespace McpDbEngineer.Indexes.Vector;

/// <summary>What the target says about one vector column, read in one catalog transaction (see Sql/vector_columns.sql).</summary>
/// <param name="Table">Schema-qualified, quoted as printed.</param>
/// <param name="Type">vector, halfvec or sparsevec.</param>
/// <param name="Dimensions">From the column's type modifier, else from a stored value; null when neither says.</param>
/// <param name="DimensionsDeclared">Whether the type says them: an index needs them, so an undeclared column is indexed through a cast.</param>
/// <param name="Rows">Estimated rows: pg_class.reltuples, or n_live_tup when the table was never analyzed.</param>
/// <param name="WritesPerSecond">Rows inserted, updated or deleted per second since the statistics were reset (or the server started).</param>
/// <param name="MaintenanceWorkMemKb">maintenance_work_mem of the target, as the index build would get it.</param>
/// <param name="PgvectorVersion">extversion of vector in the target database.</param>
/// <param name="Operators">Distance operators applied to this column by the workload, with their calls.</param>
/// <param name="Filters">Other columns the same queries filter on (WHERE).</param>
public sealed record VectorColumnFacts(
    string Table,
    string Column,
    string Type,
    int? Dimensions,
    bool DimensionsDeclared,
    double Rows,
    double WritesPerSecond,
    long MaintenanceWorkMemKb,
    int MaxParallelMaintenanceWorkers,
    int MaxParallelWorkers,
    string PgvectorVersion,
    IReadOnlyList<ExistingVectorIndex> Indexes,
    IReadOnlyList<OperatorUse> Operators,
    IReadOnlyList<string> Filters,
    string WorkloadSource);

/// <summary>An HNSW or IVFFlat index already on the column.</summary>
public sealed record ExistingVectorIndex(string Name, string Method, string OperatorClass, string Definition, long Bytes);

/// <summary>A distance operator on the column in the workload, and how often those statements ran.</summary>
public sealed record OperatorUse(string Operator, long Calls);

/// <summary>What the caller wants: recall@k, a latency bound (null: none), and the distance when the workload does not show it.</summary>
public sealed record VectorGoals(double TargetRecall, double? LatencyMs, int K, VectorDistance? Distance);
