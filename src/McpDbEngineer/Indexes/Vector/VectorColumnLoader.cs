using System.Globalization;
using McpDbEngineer.Catalog;
using McpDbEngineer.Sql;
using Npgsql;

namespace McpDbEngineer.Indexes.Vector;

/// <summary>
/// Reads <see cref="VectorColumnFacts"/> from the target in the caller's read-only transaction: the table by catalog
/// name resolution, its vector column, existing HNSW/IVFFlat indexes on it, and the workload's distances and filters
/// from pg_stat_statements when it is there (without it, the advice goes on with the caller's distance).
/// </summary>
public static class VectorColumnLoader
{
    /// <summary>Statements of the workload read for the column: the most called.</summary>
    public const int WorkloadStatements = 50;

    public static async Task<VectorColumnFacts> LoadAsync(NpgsqlConnection connection, string table, string? column, CancellationToken ct)
    {
        var relation = await CatalogNames.ResolveRelationAsync(connection, QualifiedName.Parse(table, null), ct);
        var columns = new List<Row>();
        await using (var command = new NpgsqlCommand(EmbeddedFiles.Get("Indexes/Vector/Sql/vector_columns.sql"), connection) { Parameters = { new() { Value = relation.Oid, DataTypeName = "oid" } } })
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                columns.Add(new Row(
                    reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5),
                    reader.GetInt64(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetString(9)));
            }
        }

        var row = Pick(relation.Display, columns, column);
        var dims = row.TypeModifier > 0 ? row.TypeModifier : (int?)null;
        if (dims is null && row.Type != "sparsevec")
        {
            var sql = string.Format(CultureInfo.InvariantCulture, EmbeddedFiles.Get("Indexes/Vector/Sql/vector_dimensions.sql"), relation.Display, Identifiers.Quoted(row.Name));
            await using var command = new NpgsqlCommand(sql, connection);
            dims = await command.ExecuteScalarAsync(ct) is int stored ? stored : null;
        }

        var indexes = new List<ExistingVectorIndex>();
        await using (var command = new NpgsqlCommand(EmbeddedFiles.Get("Indexes/Vector/Sql/vector_indexes.sql"), connection)
        {
            Parameters = { new() { Value = relation.Oid, DataTypeName = "oid" }, new() { Value = row.Name, DataTypeName = "name" } },
        })
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                indexes.Add(new ExistingVectorIndex(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4)));
            }
        }

        var (source, statements) = await WorkloadAsync(connection, row.Name, ct);
        var (operators, filters) = VectorWorkload.Read(statements, row.Name);
        return new VectorColumnFacts(
            relation.Display, row.Name, row.Type, dims, row.TypeModifier > 0, row.Rows, row.Seconds > 0 ? row.Writes / row.Seconds : 0,
            row.MaintenanceWorkMemKb, row.MaxParallelMaintenanceWorkers, row.MaxParallelWorkers, row.Version, indexes, operators, filters, source);
    }

    private static Row Pick(string table, List<Row> columns, string? column)
    {
        if (columns.Count == 0)
        {
            throw new ToolException($"{table} has no vector, halfvec or sparsevec column (pgvector's types, from the vector extension). describe_table lists its columns.");
        }

        if (string.IsNullOrWhiteSpace(column))
        {
            return columns.Count == 1
                ? columns[0]
                : throw new ToolException($"{table} has {columns.Count} vector columns: {string.Join(", ", columns.Select(c => c.Name))}. Give column.");
        }

        return columns.FirstOrDefault(c => c.Name == column)
            ?? columns.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase))
            ?? throw new ToolException($"{table} has no vector column '{column}'. Its vector columns: {string.Join(", ", columns.Select(c => c.Name))}.");
    }

    private static async Task<(string Source, List<(string, long)> Statements)> WorkloadAsync(NpgsqlConnection connection, string column, CancellationToken ct)
    {
        string? schema;
        bool preloaded;
        await using (var check = new NpgsqlCommand(EmbeddedFiles.Get("Indexes/Sql/workload_availability.sql"), connection))
        await using (var reader = await check.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (schema, preloaded) = (reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetBoolean(1));
        }

        if (schema is null || !preloaded)
        {
            return ($"pg_stat_statements is not {(schema is null ? "installed in this database" : "loaded at server start")}", []);
        }

        var sql = string.Format(CultureInfo.InvariantCulture, EmbeddedFiles.Get("Indexes/Vector/Sql/vector_workload.sql"), Identifiers.Quoted(schema));
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = column }, new() { Value = (long)WorkloadStatements } } };
        await using var statements = await command.ExecuteReaderAsync(ct);
        var read = new List<(string, long)>();
        while (await statements.ReadAsync(ct))
        {
            read.Add((statements.GetString(0), statements.GetInt64(1)));
        }

        return ($"pg_stat_statements: {read.Count} statements on {Identifiers.AsPrinted(column)}", read);
    }

    private sealed record Row(
        string Name, string Type, int TypeModifier, double Rows, double Writes, double Seconds,
        long MaintenanceWorkMemKb, int MaxParallelMaintenanceWorkers, int MaxParallelWorkers, string Version);
}
