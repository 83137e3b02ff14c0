using System.ComponentModel;
using McpDbEngineer.Safety.Guard;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Schema;

/// <summary>MCP adapters for schema inspection: bind arguments, call the services.</summary>
[McpServerToolType]
public sealed class SchemaTools(SchemaLister schemas, ExtensionLister extensions, ObjectLister objects, TableDescriber tables, ConnectionRisk risk)
{
    [McpServerTool(Name = "list_schemas", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Schemas with owner, table count and size. Start here.")]
    public async Task<string> ListSchemas(
        [Description("Include system schemas.")] bool include_system = false,
        CancellationToken cancellationToken = default)
    {
        var list = await schemas.ListAsync(include_system, cancellationToken);
        return await risk.WarningAsync(cancellationToken) is { } warning ? warning + "\n" + list : list;
    }

    [McpServerTool(Name = "list_objects", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Tables, views, sequences, indexes (kind=index only), functions, types, extensions with row estimates and sizes; paged by cursor. Cheap on huge catalogs; sort=size reads every match's size.")]
    public Task<string> ListObjects(
        [Description("Only this schema.")] string? schema = null,
        [Description("Comma list of: " + ObjectLister.KindList + ".")] string? kind = null,
        [Description("Name glob, case-insensitive (order*, *_log); plain text = substring.")] string? pattern = null,
        [Description("Include system schemas.")] bool include_system = false,
        [Description("Include partitions.")] bool include_partitions = false,
        [Description("1-1000.")] int page_size = ObjectLister.DefaultPageSize,
        [Description("From the previous page, same filters.")] string? cursor = null,
        [Description("name (default) or size: largest first.")] string? sort = null,
        [Description("Name globs to leave out, comma list (tmp_*, *_2019).")] string? exclude = null,
        CancellationToken cancellationToken = default) =>
        objects.ListAsync(new ObjectQuery(schema, kind, pattern, include_system, include_partitions, page_size, cursor, sort, exclude), cancellationToken);

    [McpServerTool(Name = "describe_table", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("One table or view: columns, constraints, FKs both ways (UNINDEXED flagged), indexes with size and scans, triggers, RLS, partitions, sizes, vacuum. Read before writing SQL on it.")]
    public Task<string> DescribeTable(
        [Description("Name as in SQL: orders, sales.\"Order Lines\".")] string table,
        [Description("Schema, if not in table.")] string? schema = null,
        CancellationToken cancellationToken = default) =>
        tables.DescribeAsync(table, schema, cancellationToken);

    [McpServerTool(Name = "list_extensions", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Installed extensions (version, schema) and available ones. Check before relying on pgvector, hypopg, PostGIS.")]
    public Task<string> ListExtensions(
        [Description("Include not installed.")] bool include_available = true,
        CancellationToken cancellationToken = default) =>
        extensions.ListAsync(include_available, cancellationToken);
}
