using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Migrations.Rehearsal;

/// <summary>MCP adapter for rehearsals: bind arguments, call <see cref="MigrationRehearsal"/>, relay its progress.</summary>
[McpServerToolType]
public sealed class RehearsalTools(MigrationRehearsal rehearsal)
{
    // Not read-only for the MCP annotations' sake: it creates and drops a scratch database (never touching the target).
    [McpServerTool(Name = "rehearse_migration", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Runs up → down → up on a shadow copy of the schema (never the target): per statement time, errors, locks held and rewrites with lock time estimated from the target's sizes; proves the down restores the schema. Seconds.")]
    public Task<string> RehearseMigration(
        [Description("Up SQL, or a whole dbmate file (-- migrate:up / -- migrate:down).")] string up,
        [Description("Down SQL.")] string? down = null,
        [Description("Rows per table copied from the target (default 0: schema only).")] int sample_rows = 0,
        [Description("Keep the shadow for this session, to rehearse the next migration on it.")] bool keep_shadow = false,
        [Description("Name of a shadow kept earlier in this session.")] string? shadow = null,
        IProgress<ProgressNotificationValue>? progress = null,
        CancellationToken cancellationToken = default) =>
        rehearsal.RehearseAsync(
            new RehearsalRequest(up, down, sample_rows, keep_shadow, shadow),
            progress is null ? null : new Progress<RehearsalProgress>(p => progress.Report(new ProgressNotificationValue { Progress = p.Done, Total = p.Total, Message = p.Message })),
            cancellationToken);
}
