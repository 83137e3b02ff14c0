using System.Text.Json;
using McpDbEngineer.Shadow;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace McpDbEngineer.Migrations.Rehearsal;

/// <summary>The rehearsal area: rehearse_migration, the rehearsal service and the shadow databases it runs on.</summary>
public static class RehearsalSetup
{
    public static IMcpServerBuilder AddRehearsalTools(this IMcpServerBuilder builder, IConfiguration configuration, JsonSerializerOptions json)
    {
        builder.Services.AddShadowDatabases(configuration);
        builder.Services.AddSingleton<MigrationRehearsal>();
        return builder.WithTools<RehearsalTools>(json);
    }
}
