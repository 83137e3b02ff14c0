namespace McpDbEngineer.Migrations.Draft;

internal enum Reversal
{
    /// <summary>The down restores what the up changed, structure and data.</summary>
    Exact,

    /// <summary>The up destroys data: the down rebuilds the structure the catalog describes, the rows are gone.</summary>
    DataLost,

    /// <summary>No reverse is known: the down says so instead of guessing.</summary>
    Impossible,
}

/// <summary>The down of one up statement: the statements that undo it (none when nothing needs undoing) and why, when not exact.</summary>
/// <param name="Note">For <see cref="Reversal.DataLost"/> what is lost; for <see cref="Reversal.Impossible"/> why and what to do; else an optional remark.</param>
internal sealed record DownStep(int UpNumber, string UpCommand, IReadOnlyList<string> Statements, Reversal Reversal, string? Note = null)
{
    public static DownStep Undo(UpStatement up, string command, params string[] statements) => new(up.Number, command, statements, Reversal.Exact);

    public static DownStep Cannot(UpStatement up, string command, string why) => new(up.Number, command, [], Reversal.Impossible, why);
}
