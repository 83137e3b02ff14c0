using McpDbEngineer.Safety.Guard;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Safety.Approval;

/// <summary>Builds guard requests for MCP tool calls: who asks (for the audit) and how to reach their human.</summary>
public static class McpCaller
{
    public static SqlRequest SqlRequest(this McpServer server, string tool, string sql, SqlIntent intent) =>
        new(tool, sql, intent)
        {
            Client = $"{server.ClientInfo?.Name ?? "unknown"}/{server.SessionId ?? "stdio"}",
            Approval = new ElicitationApproval(server),
        };
}
