using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace McpDbEngineer.Query;

/// <summary>The query area: execute_sql and the runner behind it.</summary>
public static class QuerySetup
{
    public static IMcpServerBuilder AddQueryTools(this IMcpServerBuilder builder, JsonSerializerOptions json)
    {
        builder.Services.AddSingleton<QueryRunner>();
        return builder.WithTools<QueryTools>(json);
    }
}
