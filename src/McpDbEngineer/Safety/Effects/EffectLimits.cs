namespace McpDbEngineer.Safety.Effects;

/// <summary>The thresholds of <see cref="EffectPolicy"/>, from <see cref="SafetyOptions"/>.</summary>
/// <param name="DeletedShare">Rows deleted beyond this share of a table need a human's yes.</param>
/// <param name="DeletedCount">So do this many rows deleted from one table, whatever its size.</param>
/// <param name="UpdatedShare">Rows updated from this share of a table on (upsert overwrites included) need a yes.</param>
/// <param name="MinimumRowsForShare">A share rule needs at least this many rows changed: one row by key is ordinary work even in a tiny table.</param>
public sealed record EffectLimits(double DeletedShare, long DeletedCount, double UpdatedShare, long MinimumRowsForShare)
{
    public static EffectLimits From(SafetyOptions options) =>
        new(options.DeletedRowsShare, options.DeletedRowsCount, options.UpdatedRowsShare, options.MinimumRowsForShare);
}
