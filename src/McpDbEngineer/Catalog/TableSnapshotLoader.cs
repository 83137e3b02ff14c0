using System.Data;
using System.Globalization;
using McpDbEngineer.Sql;
using Npgsql;

namespace McpDbEngineer.Catalog;

/// <summary>Reads a <see cref="TableSnapshot"/>: eight catalog queries in one batch, so one round trip after the name is resolved.</summary>
public static class TableSnapshotLoader
{
    /// <summary>Partitions or inheritance children read beyond the count: the rest are only counted.</summary>
    public const int ChildrenRead = 50;

    private static readonly string[] Queries =
        ["table_header", "table_columns", "table_constraints", "table_foreign_keys", "table_indexes", "table_triggers", "table_policies", "table_children"];

    public static async Task<TableSnapshot> LoadAsync(NpgsqlConnection connection, ResolvedRelation relation, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var query in Queries)
        {
            var command = new NpgsqlBatchCommand(EmbeddedFiles.Get($"Catalog/Sql/{query}.sql"))
            {
                Parameters = { new() { Value = relation.Oid, DataTypeName = "oid" } },
            };
            if (query == "table_children")
            {
                command.Parameters.Add(new() { Value = ChildrenRead });
            }

            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var facts = ReadRelation(reader);
        await reader.NextResultAsync(ct);
        var columns = await ReadAllAsync(reader, ReadColumn, ct);
        await reader.NextResultAsync(ct);
        var constraints = await ReadAllAsync(reader, r => new ConstraintFacts(r.GetString("name"), r.GetString("definition")), ct);
        await reader.NextResultAsync(ct);
        var foreignKeys = await ReadAllAsync(reader, ReadForeignKey, ct);
        await reader.NextResultAsync(ct);
        var indexes = await ReadAllAsync(reader, ReadIndex, ct);
        await reader.NextResultAsync(ct);
        var triggers = await ReadAllAsync(reader, r => new TriggerFacts(r.GetString("name"), r.GetString("definition"), Char(r, "tgenabled")), ct);
        await reader.NextResultAsync(ct);
        var policies = await ReadAllAsync(reader, ReadPolicy, ct);
        await reader.NextResultAsync(ct);
        long childrenTotal = 0;
        var children = await ReadAllAsync(reader, r =>
        {
            childrenTotal = r.GetInt64("total");
            return new ChildFacts(r.GetString("name"), Text(r, "bound"), r.GetBoolean("partitioned"), r.GetDouble("reltuples"), r.GetInt64("bytes"));
        }, ct);
        return new TableSnapshot(relation, facts, columns, constraints, foreignKeys, indexes, triggers, policies, children, childrenTotal);
    }

    private static RelationFacts ReadRelation(NpgsqlDataReader r) => new(
        Char(r, "relpersistence"),
        Text(r, "comment"),
        r.GetDouble("rows"),
        r.GetInt64("heap_bytes"),
        r.GetInt64("toast_bytes"),
        r.GetInt64("index_bytes"),
        r.GetBoolean("relrowsecurity"),
        r.GetBoolean("relforcerowsecurity"),
        Text(r, "partition_key"),
        Text(r, "partition_of"),
        Text(r, "partition_bound"),
        Text(r, "inherits"),
        r.IsDBNull("n_live_tup")
            ? null
            : new TableActivity(
                r.GetInt64("n_live_tup"),
                r.GetInt64("n_dead_tup"),
                r.GetInt64("seq_scan"),
                r.IsDBNull("idx_scan") ? 0 : r.GetInt64("idx_scan"),
                Time(r, "last_vacuum"),
                Time(r, "last_autovacuum"),
                Time(r, "last_analyze"),
                Time(r, "last_autoanalyze")),
        Text(r, "view_definition"));

    private static ColumnFacts ReadColumn(NpgsqlDataReader r) => new(
        r.GetString("name"), r.GetString("type"), r.GetBoolean("attnotnull"), Char(r, "attidentity"), Char(r, "attgenerated"),
        Text(r, "expression"), Text(r, "collation"), Text(r, "comment"));

    private static ForeignKeyFacts ReadForeignKey(NpgsqlDataReader r) => new(
        r.GetString("direction") == "out",
        r.GetString("name"),
        r.GetString("referencing"),
        r.GetString("columns"),
        r.GetString("referenced"),
        r.GetString("referenced_columns"),
        Char(r, "confupdtype"),
        Char(r, "confdeltype"),
        Char(r, "confmatchtype"),
        r.GetBoolean("condeferrable"),
        r.GetBoolean("condeferred"),
        r.GetBoolean("convalidated"),
        r.GetFieldValue<short[]>("key"),
        [.. r.GetFieldValue<string[]>("referencing_index_keys").Select(AttnumList)]);

    private static IndexFacts ReadIndex(NpgsqlDataReader r) => new(
        r.GetString("name"), Text(r, "role"), r.GetString("definition"), r.GetInt64("bytes"), r.IsDBNull("idx_scan") ? null : r.GetInt64("idx_scan"),
        r.GetBoolean("indisvalid"), r.GetBoolean("indisready"), r.GetBoolean("indislive"), r.GetBoolean("indisclustered"), r.GetBoolean("indisreplident"),
        r.GetBoolean("partial"), r.GetFieldValue<short[]>("key"), Text(r, "constraint_name"));

    private static PolicyFacts ReadPolicy(NpgsqlDataReader r) => new(
        r.GetString("name"), r.GetString("command"), r.GetBoolean("polpermissive"), r.GetString("roles"), Text(r, "using_expression"), Text(r, "check_expression"));

    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(NpgsqlDataReader reader, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        var all = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            all.Add(read(reader));
        }

        return all;
    }

    private static short[] AttnumList(string spaced) => [.. spaced.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => short.Parse(n, CultureInfo.InvariantCulture))];

    private static string? Text(NpgsqlDataReader reader, string column) =>
        reader.IsDBNull(column) || reader.GetString(column) is not { Length: > 0 } value ? null : value;

    /// <summary>A "char" column read as text; '\0' when empty or null (attidentity, attgenerated).</summary>
    private static char Char(NpgsqlDataReader reader, string column) => Text(reader, column) is { } value ? value[0] : '\0';

    private static DateTime? Time(NpgsqlDataReader reader, string column) => reader.IsDBNull(column) ? null : reader.GetDateTime(column);
}
