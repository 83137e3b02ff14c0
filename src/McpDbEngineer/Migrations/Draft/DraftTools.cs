using System.ComponentModel;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Migrations.Draft;

/// <summary>MCP adapter for drafting migrations: binds arguments, calls <see cref="MigrationDrafter"/>, writes the answer.</summary>
[McpServerToolType]
public sealed class DraftTools(MigrationDrafter drafter)
{
    [McpServerTool(Name = "draft_migration", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Up SQL → migration files (up + down from the live catalog), flagging data loss. Database untouched.")]
    public async Task<string> DraftMigration(
        [Description("Up SQL.")] string sql,
        [Description("e.g. add_orders_note")] string name,
        [Description(FormatNames + "; default: detected.")] string? format = null,
        [Description("Migrations folder: format, next version, write target.")] string? directory = null,
        [Description("Write new files into directory.")] bool write = false,
        [Description("Non-blocking forms for busy tables.")] bool safe = false,
        CancellationToken cancellationToken = default)
    {
        var draft = await drafter.DraftAsync(new DraftRequest(sql, name, format, directory, write, safe), cancellationToken);
        return DraftWriter.Write(draft, directory);
    }

    private const string FormatNames = "plain|timestamped|dbmate|flyway|alembic|supabase|prisma";
}
