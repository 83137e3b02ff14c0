using System.ComponentModel;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Migrations.Draft;

/// <summary>MCP adapter for drafting migrations: binds arguments, calls <see cref="MigrationDrafter"/>, writes the answer.</summary>
[McpServerToolType]
public sealed class DraftTools(MigrationDrafter drafter)
{
    [McpServerTool(Name = "draft_migration", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Turns up SQL into a versioned migration with its down, generated from the parse tree and the live catalog " +
                 "(previous definitions, defaults, types, options; read-only). Flags ups that lose data (irreversible: data) and " +
                 "says which it cannot reverse. Formats: " + FormatNames + "; detected from directory, next version chained. " +
                 "safe=true rewrites for busy tables (CONCURRENTLY, NOT VALID + VALIDATE, backfill in batches, timeouts). " +
                 "Also naming/type advice. Writes files only with write=true, inside directory, never overwriting. Never changes the database.")]
    public async Task<string> DraftMigration(
        [Description("The change as SQL: the up statements.")] string sql,
        [Description("Short name, e.g. add_orders_note (snake_cased into the file names).")] string name,
        [Description("One of " + FormatNames + "; default: detected from directory, else plain.")] string? format = null,
        [Description("The project's migrations directory (detects format and next version; where write puts files).")] string? directory = null,
        [Description("Write the files into directory (new files only).")] bool write = false,
        [Description("Rewrite into forms that do not block a busy table.")] bool safe = false,
        CancellationToken cancellationToken = default)
    {
        var draft = await drafter.DraftAsync(new DraftRequest(sql, name, format, directory, write, safe), cancellationToken);
        return DraftWriter.Write(draft, directory);
    }

    private const string FormatNames = "plain, timestamped, dbmate, flyway, alembic, supabase, prisma";
}
