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
    [McpServerTool(Name = "execute_sql", ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false)]
    [Description("Run SQL in one time-limited transaction; rows as tab-separated text, capped. Read-only unless the server allows writes; a write whose measured effect destroys data needs a human's yes. No BEGIN/COMMIT/SET, files or programs.")]
    public Task<string> ExecuteSql(
        McpServer server,
        [Description("One or more statements.")] string sql,
        [Description("Values for $1, $2... as text.")] string?[]? parameters = null,
        [Description("Default 200, max 5000.")] int? max_rows = null,
        CancellationToken cancellationToken = default) =>
        runner.ExecuteAsync(server.SqlRequest("execute_sql", sql, SqlIntent.Run), parameters ?? [], max_rows, cancellationToken);
}
