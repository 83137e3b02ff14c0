namespace McpDbEngineer.Safety.Effects;

/// <summary>
/// What a call did in its transaction, measured before COMMIT: rows per table, the catalog changes (null when the
/// statements could not change the catalog and no snapshot was taken), and the system catalog rows written, which
/// tells a schema change made by code nobody expected (a trigger, a rule or a default) when no snapshot was taken.
/// </summary>
public sealed record MeasuredEffect(IReadOnlyList<TableChange> Tables, IReadOnlyList<CatalogChange>? Catalog, long CatalogRowsWritten)
{
    public static MeasuredEffect None { get; } = new([], [], 0);
}
