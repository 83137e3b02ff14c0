using System.Text.Json;
using McpDbEngineer.Answers;
using McpDbEngineer.Safety;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Query;

/// <summary>The query area: execute_sql and the runner behind it.</summary>
public static class QuerySetup
{
    public static IMcpServerBuilder AddQueryTools(this IMcpServerBuilder builder, IConfiguration configuration, JsonSerializerOptions json)
    {
        builder.Services.Configure<AnswerOptions>(configuration.GetSection(AnswerOptions.Section));
        builder.Services.AddSingleton<QueryRunner>();
        // execute_sql is declared as it is in read-write mode; a read-only server says what it really does, so a client
        // that trusts annotations (auto-approving read-only tools, say) sees a tool that cannot change anything.
        builder.Services.AddOptions<McpServerOptions>().PostConfigure<IOptions<SafetyOptions>>((server, safety) =>
        {
            if (safety.Value.IsReadWrite || server.ToolCollection is null)
            {
                return;
            }

            foreach (var tool in server.ToolCollection.Where(t => t.ProtocolTool.Name == QueryTools.ExecuteSqlName))
            {
                tool.ProtocolTool.Description = QueryTools.ReadOnlyDescription;
                tool.ProtocolTool.Annotations = new() { ReadOnlyHint = true, DestructiveHint = false, IdempotentHint = true, OpenWorldHint = false };
            }
        });
        return builder.WithTools<QueryTools>(json);
    }
}
