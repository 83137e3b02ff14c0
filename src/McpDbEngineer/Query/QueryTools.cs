using System.ComponentModel;
using McpDbEngineer.Safety;
using McpDbEngineer.Safety.Approval;
using McpDbEngineer.Safety.Guard;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Query;

/// <summary>MCP adapter for running SQL: bind arguments, call <see cref="QueryRunner"/>.</summary>
[McpServerToolType]
public sealed class QueryTools(QueryRunner runner)
{
    public const string ExecuteSqlName = "execute_sql";

    /// <summary>The description of a read-write server (the attribute's); <see cref="QuerySetup"/> swaps in this one on a read-only server.</summary>
    public const string ReadOnlyDescription =
        "Run read-only SQL in one time-limited READ ONLY transaction; rows as tab-separated text, capped. This server refuses writes and DDL. No BEGIN/COMMIT/SET, files or programs.";

    [McpServerTool(Name = ExecuteSqlName, ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false)]
    [Description("Run SQL in one time-limited transaction; rows as tab-separated text, capped. Writes allowed; one whose measured effect destroys data needs a human's yes. VACUUM and … CONCURRENTLY must be sent alone. No BEGIN/COMMIT/SET, files or programs.")]
    public Task<string> ExecuteSql(
        McpServer server,
        [Description("One or more statements.")] string sql,
        [Description("Values for $1, $2... as text.")] string?[]? parameters = null,
        [Description("Default 200, max 5000.")] int? max_rows = null,
        CancellationToken cancellationToken = default) =>
        runner.ExecuteAsync(server.SqlRequest(ExecuteSqlName, sql, SqlIntent.Run), parameters ?? [], max_rows, cancellationToken);
}
