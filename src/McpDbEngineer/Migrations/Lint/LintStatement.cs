using System.Text.Json;
using McpDbEngineer.Sql;
using static McpDbEngineer.Sql.Parsing.ParseTree;

namespace McpDbEngineer.Migrations.Lint;

/// <summary>A column a statement defines: in CREATE TABLE or ALTER TABLE … ADD COLUMN.</summary>
internal sealed record ColumnDefinition(SqlName Table, string Name, JsonElement Definition, bool AddedToExistingTable)
{
    /// <summary>The type's own name without pg_catalog ("int4", "varchar", "serial").</summary>
    public string TypeName => Names(Field(Field(Definition, "typeName"), "names")) is { Count: > 0 } names ? names[^1] : "";

    public int? ByteOffset => LintStatement.Location(Definition);

    public IEnumerable<JsonElement> Constraints(string contype) =>
        Items(Definition, "constraints").Select(c => TryNode(c, out _, out var body) ? body : default)
            .Where(c => Text(c, "contype") == contype);
}

/// <summary>One statement of a migration as the rules see it: its parse tree and what the file did before it.</summary>
internal sealed class LintStatement(string type, JsonElement body, MigrationState state)
{
    /// <summary>The parse tree's node type ("IndexStmt", "AlterTableStmt").</summary>
    public string Type { get; } = type;

    public JsonElement Body { get; } = body;

    /// <summary>What the statements before this one did, and the settings of the run.</summary>
    public MigrationState State { get; } = state;

    /// <summary>Whether this statement runs inside a transaction block (an explicit BEGIN, or the whole file when the tool assumes one).</summary>
    public bool InTransaction => State.Transaction is not null;

    public static SqlName? Table(JsonElement rangeVar) =>
        Text(rangeVar, "relname") is { } name ? new SqlName(Text(rangeVar, "schemaname"), name) : null;

    public static int? Location(JsonElement node) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty("location", out var value) && value.TryGetInt32(out var at) && at >= 0 ? at : null;

    /// <summary>The table an ALTER TABLE changes (null for ALTER INDEX, VIEW, …).</summary>
    public SqlName? AlteredTable =>
        Type == "AlterTableStmt" && Text(Body, "objtype") is null or "OBJECT_TABLE" ? Table(Field(Body, "relation")) : null;

    /// <summary>The subcommands of an ALTER TABLE: subtype (AT_AddColumn, …) and body.</summary>
    public IEnumerable<(string Subtype, JsonElement Command)> AlterCommands()
    {
        if (AlteredTable is null)
        {
            yield break;
        }

        foreach (var item in Items(Body, "cmds"))
        {
            if (TryNode(item, out _, out var command) && Text(command, "subtype") is { } subtype)
            {
                yield return (subtype, command);
            }
        }
    }

    /// <summary>Constraints added by ALTER TABLE … ADD CONSTRAINT, and those written inline in ADD COLUMN.</summary>
    public IEnumerable<JsonElement> AddedConstraints()
    {
        foreach (var (subtype, command) in AlterCommands())
        {
            if (subtype == "AT_AddConstraint" && TryNode(Field(command, "def"), out _, out var constraint))
            {
                yield return constraint;
            }
        }

        foreach (var column in Columns().Where(c => c.AddedToExistingTable))
        {
            foreach (var constraint in Items(column.Definition, "constraints"))
            {
                if (TryNode(constraint, out _, out var body))
                {
                    yield return body;
                }
            }
        }
    }

    /// <summary>Columns defined by CREATE TABLE or ADD COLUMN.</summary>
    public IEnumerable<ColumnDefinition> Columns()
    {
        if (Type == "CreateStmt" && Table(Field(Body, "relation")) is { } created)
        {
            foreach (var element in Items(Body, "tableElts"))
            {
                if (TryNode(element, out var kind, out var column) && kind == "ColumnDef")
                {
                    yield return new ColumnDefinition(created, Text(column, "colname") ?? "?", column, AddedToExistingTable: false);
                }
            }
        }

        foreach (var (subtype, command) in AlterCommands())
        {
            if (subtype == "AT_AddColumn" && TryNode(Field(command, "def"), out _, out var column))
            {
                yield return new ColumnDefinition(AlteredTable!, Text(column, "colname") ?? "?", column, AddedToExistingTable: true);
            }
        }
    }

    /// <summary>True for CONCURRENTLY on CREATE INDEX, DROP INDEX, REINDEX and REFRESH MATERIALIZED VIEW.</summary>
    public bool Concurrent => Type switch
    {
        "IndexStmt" or "RefreshMatViewStmt" => Flag(Body, "concurrent"),
        "DropStmt" => Flag(Body, "concurrent"),
        "ReindexStmt" => Option("concurrently"),
        _ => false,
    };

    /// <summary>Whether a generic option list (VACUUM, REINDEX) holds the option, e.g. "full".</summary>
    public bool Option(string name) =>
        Items(Body, Type == "ReindexStmt" ? "params" : "options").Any(o => TryNode(o, out _, out var option) && Text(option, "defname") == name);
}
