using McpDbEngineer.Catalog;
using McpDbEngineer.Shadow;

namespace McpDbEngineer.Migrations.Rehearsal;

/// <summary>What to rehearse: the up and down as SQL (or one dbmate file as the up), and how.</summary>
/// <param name="SampleRows">Rows per table copied from the target into the shadow; 0 copies the schema only.</param>
/// <param name="KeepShadow">Keep the shadow for this session (to rehearse a series); it is dropped otherwise.</param>
/// <param name="Shadow">A shadow kept earlier in this session, to rehearse on top of it.</param>
public sealed record RehearsalRequest(string Up, string? Down, int SampleRows = 0, bool KeepShadow = false, string? Shadow = null);

/// <summary>Where a rehearsal is: steps done of the steps it will take.</summary>
public readonly record struct RehearsalProgress(int Done, int Total, string Message);

/// <summary>Everything a rehearsal found, as facts; <see cref="RehearsalReport"/> writes them.</summary>
/// <param name="Down">The down's statements as run; null when there is no down or the up failed.</param>
/// <param name="UpAgain">The up run again after the down; null when it was not reached.</param>
/// <param name="DownDifferences">The schema after up → down compared with the schema before up; null when not reached.</param>
/// <param name="UpChanges">What the up changed in the schema (for the objects it added).</param>
public sealed record Rehearsal(
    ShadowDatabase Shadow,
    bool Kept,
    bool Reused,
    IReadOnlyList<StatementRun> Up,
    IReadOnlyList<StatementRun>? Down,
    IReadOnlyList<StatementRun>? UpAgain,
    IReadOnlyList<SchemaDifference>? DownDifferences,
    IReadOnlyList<SchemaDifference> UpChanges,
    IReadOnlyDictionary<string, TargetSize> Sizes);
