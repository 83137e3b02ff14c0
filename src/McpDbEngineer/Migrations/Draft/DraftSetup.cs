using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpDbEngineer.Migrations.Draft;

/// <summary>The migration-drafting area: draft_migration and its services.</summary>
public static class DraftSetup
{
    public static IMcpServerBuilder AddDraftTools(this IMcpServerBuilder builder, JsonSerializerOptions json)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PriorCatalogLoader>();
        builder.Services.AddSingleton<MigrationDrafter>();
        return builder.WithTools<DraftTools>(json);
    }
}
