using System.Text.Json;
using McpDbEngineer.Answers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace McpDbEngineer.Query;

/// <summary>The query area: execute_sql and the runner behind it.</summary>
public static class QuerySetup
{
    public static IMcpServerBuilder AddQueryTools(this IMcpServerBuilder builder, IConfiguration configuration, JsonSerializerOptions json)
    {
        builder.Services.Configure<AnswerOptions>(configuration.GetSection(AnswerOptions.Section));
        builder.Services.AddSingleton<QueryRunner>();
        return builder.WithTools<QueryTools>(json);
    }
}
