using System.ComponentModel;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Schema;

/// <summary>MCP adapters for schema inspection: bind arguments, call <see cref="SchemaInspector"/>.</summary>
[McpServerToolType]
public sealed class SchemaTools(SchemaInspector inspector)
{
    [McpServerTool(Name = "list_schemas", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("List schemas with owner, table count and total size. Start here to see how a database is organised.")]
    public Task<string> ListSchemas(
        [Description("Include pg_catalog, information_schema and pg_toast.")] bool includeSystem = false,
        CancellationToken cancellationToken = default) =>
        inspector.ListSchemasAsync(includeSystem, cancellationToken);
}
