namespace McpDbEngineer.Migrations.Draft;

/// <summary>One statement of a drafted file.</summary>
/// <param name="OutsideTransaction">PostgreSQL refuses it inside a transaction block (CONCURRENTLY, a DO block that commits per batch).</param>
/// <param name="FromUp">The up statement it came from, for notes; 0 for the timeouts the safe form adds.</param>
/// <param name="NeedsNoDown">Undone by another statement's down: a backfill of a column the up adds, a helper check the up drops again.</param>
internal sealed record DraftStatement(string Sql, bool OutsideTransaction = false, int FromUp = 0, bool NeedsNoDown = false);
