using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace McpDbEngineer.Migrations.Lint;

/// <summary>The lint area: lint_migration and the project's lint settings.</summary>
public static class LintSetup
{
    public static IMcpServerBuilder AddLintTools(this IMcpServerBuilder builder, IConfiguration configuration, JsonSerializerOptions json)
    {
        builder.Services.Configure<LintOptions>(configuration.GetSection(LintOptions.Section));
        return builder.WithTools<LintTools>(json);
    }
}
