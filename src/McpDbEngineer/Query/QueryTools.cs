using System.ComponentModel;
using McpDbEngineer.Safety;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Query;

/// <summary>MCP adapter for running SQL: bind arguments, call <see cref="QueryRunner"/>.</summary>
[McpServerToolType]
public sealed class QueryTools(QueryRunner runner)
{
    [McpServerTool(Name = "execute_sql", ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false)]
    [Description("Run SQL and get rows as tab-separated text (header name:type). Read-only unless the server runs --access read-write; " +
        "every statement is parsed by PostgreSQL's parser and checked first; destructive ones need a human's approval. " +
        "Runs in one transaction with time limits; no BEGIN/COMMIT/SET. Rows are capped: use LIMIT or aggregates.")]
    public Task<string> ExecuteSql(
        McpServer server,
        [Description("SQL text: one statement, or several separated by ';' (each must be allowed).")] string sql,
        [Description("Values for $1, $2, … as text (null for NULL); PostgreSQL infers their types. Single statement only.")] string?[]? parameters = null,
        [Description("Most rows to return (default 200, at most 5000).")] int? max_rows = null,
        CancellationToken cancellationToken = default) =>
        runner.ExecuteAsync(server.SqlRequest("execute_sql", sql, SqlIntent.Run), parameters ?? [], max_rows, cancellationToken);
}
