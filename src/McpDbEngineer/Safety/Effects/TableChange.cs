namespace McpDbEngineer.Safety.Effects;

/// <summary>
/// What one call did to the rows of one table, as PostgreSQL counted them in the call's transaction (cascades,
/// triggers, CTEs, functions, upserts and partitions included).
/// </summary>
/// <param name="Table">schema.name, quoted where needed.</param>
/// <param name="RowsBefore">The table's rows before the call: counted, or the planner's estimate; null when only rows
/// were inserted (no size needed) or the size could not be read.</param>
/// <param name="Counted">True when <paramref name="RowsBefore"/> was counted rather than estimated.</param>
/// <param name="CascadeFrom">Tables this one references ON DELETE CASCADE that lost rows in the same call, when it lost rows: where its deletes likely came from.</param>
public sealed record TableChange(string Table, long Inserted, long Updated, long Deleted, long? RowsBefore, bool Counted, string? CascadeFrom = null);
