using System.ComponentModel;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Schema;

/// <summary>MCP adapters for schema inspection: bind arguments, call the services.</summary>
[McpServerToolType]
public sealed class SchemaTools(SchemaInspector inspector, ObjectLister objects, TableDescriber tables)
{
    [McpServerTool(Name = "list_schemas", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("List schemas with owner, table count and total size. Start here to see how a database is organised.")]
    public Task<string> ListSchemas(
        [Description("Include pg_catalog, information_schema and pg_toast.")] bool include_system = false,
        CancellationToken cancellationToken = default) =>
        inspector.ListSchemasAsync(include_system, cancellationToken);

    [McpServerTool(Name = "list_objects", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description(
        "List tables, views, materialized views, sequences, functions, types and extensions, with row estimates and " +
        "sizes for tables. Tab-separated, sorted by schema and name, one page at a time: when more remain, the answer " +
        "ends with a cursor for the next page. Objects created by extensions, partitions and system schemas are left " +
        "out unless asked for. Cheap even on databases with thousands of tables; use describe_table for one table's details.")]
    public Task<string> ListObjects(
        [Description("Only this schema (exact name; quote mixed case as \"Sales\"). Default: every non-system schema.")] string? schema = null,
        [Description("Only these kinds, comma-separated: " + ObjectLister.KindList + ". 'table' includes partitioned tables; 'function' includes procedures and aggregates.")] string? kind = null,
        [Description("Only names matching this case-insensitive glob: * is any run of characters, ? one character (order*, *_log). Text without * or ? matches names containing it.")] string? pattern = null,
        [Description("Also list pg_catalog, information_schema and pg_toast (thousands of objects).")] bool include_system = false,
        [Description("Also list the partitions of partitioned tables (by default only the partitioned table, with its partition count).")] bool include_partitions = false,
        [Description("Objects per page, 1-1000.")] int page_size = ObjectLister.DefaultPageSize,
        [Description("The cursor from the end of the previous page, unchanged, with the same filters. Omit for the first page.")] string? cursor = null,
        CancellationToken cancellationToken = default) =>
        objects.ListAsync(new ObjectQuery(schema, kind, pattern, include_system, include_partitions, page_size, cursor), cancellationToken);

    [McpServerTool(Name = "describe_table", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description(
        "Describe one table (or view, materialized view, foreign table) in compact text: columns with types, defaults, " +
        "identity and generated expressions; constraints; foreign keys in both directions, each marked indexed or " +
        "UNINDEXED (an unindexed key makes deletes on the referenced table scan the referencing one); indexes with " +
        "size and scan count; triggers; row-level security and its policies; partitions; row estimate, sizes and last " +
        "vacuum/analyze. Read it before writing SQL or a migration against the table. Unknown names get close matches.")]
    public Task<string> DescribeTable(
        [Description("The table: orders, sales.orders, or with quotes for mixed case or odd characters: \"Order Lines\", sales.\"Order\". Unqualified names resolve through the search_path, as in SQL.")] string table,
        [Description("The schema, when not written in table. Default: the search_path.")] string? schema = null,
        CancellationToken cancellationToken = default) =>
        tables.DescribeAsync(table, schema, cancellationToken);

    [McpServerTool(Name = "list_extensions", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description(
        "List installed extensions (version, schema, update available) and those available on the server but not " +
        "installed (default version), each with a short description. Check here before relying on pgvector, pg_trgm, " +
        "hypopg, PostGIS and the like.")]
    public Task<string> ListExtensions(
        [Description("Also list extensions available to CREATE EXTENSION but not installed.")] bool include_available = true,
        CancellationToken cancellationToken = default) =>
        inspector.ListExtensionsAsync(include_available, cancellationToken);
}
