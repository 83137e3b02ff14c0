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
    [Description("up → down → up on a shadow copy, never the target: per statement time, error, locks, rewrites; checks the down restores the schema.")]
    public Task<string> RehearseMigration(
        [Description("Up SQL, or a dbmate file (-- migrate:up/down).")] string up,
        [Description("Down SQL.")] string? down = null,
        [Description("Rows per table to copy (0: schema only).")] int sample_rows = 0,
        [Description("Keep the shadow for the next rehearsal.")] bool keep_shadow = false,
        [Description("A kept shadow's name.")] string? shadow = null,
        IProgress<ProgressNotificationValue>? progress = null,
        CancellationToken cancellationToken = default) =>
        rehearsal.RehearseAsync(
            new RehearsalRequest(up, down, sample_rows, keep_shadow, shadow),
            progress is null ? null : new Progress<RehearsalProgress>(p => progress.Report(new ProgressNotificationValue { Progress = p.Done, Total = p.Total, Message = p.Message })),
            cancellationToken);
}
