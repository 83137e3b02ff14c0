using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace McpDbEngineer.Schema;

/// <summary>The schema area: list_schemas, list_objects, describe_table, list_extensions and their services.</summary>
public static class SchemaSetup
{
    public static IMcpServerBuilder AddSchemaTools(this IMcpServerBuilder builder, JsonSerializerOptions json)
    {
        builder.Services.AddSingleton<SchemaLister>();
        builder.Services.AddSingleton<ExtensionLister>();
        builder.Services.AddSingleton<ObjectLister>();
        builder.Services.AddSingleton<TableDescriber>();
        return builder.WithTools<SchemaTools>(json);
    }
}
