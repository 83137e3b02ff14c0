using System.Globalization;
using McpDbEngineer.Database;
using McpDbEngineer.Sql;
using Npgsql;
using NpgsqlTypes;

namespace McpDbEngineer.Shadow;

/// <summary>
/// A sample of the target's rows into a shadow: the first rows of every table, read in one read-only transaction on
/// the target (binary COPY … TO STDOUT), written as the shadow's owner (never a superuser: writing rows runs the copied
/// schema's CHECKs, index expressions and ALWAYS triggers) with triggers and foreign-key checks off
/// (session_replication_role = replica): a sample of one table need not hold the rows another refers to. The
/// target's sequences come along, so that keys handed out on the shadow do not collide with the copied rows.
/// </summary>
public static class RowSample
{
    /// <param name="only">The tables to sample (schema and name as in the catalog); null for every table.</param>
    public static async Task<long> CopyAsync(
        DatabaseExecutor executor, NpgsqlConnectionStringBuilder shadow, int rowsPerTable, IReadOnlyCollection<(string Schema, string Name)>? only, CancellationToken cancellationToken)
    {
        var (tables, sequences) = await executor.ReadOnlyAsync(async (connection, ct) =>
        {
            var read = new List<(string Table, string Columns, byte[] Rows)>();
            var positions = new List<(string Sequence, long Value)>();
            var names = new List<(string Table, string Columns)>();
            await using (var command = new NpgsqlCommand(EmbeddedFiles.Get("Shadow/Sql/sample_tables.sql"), connection)
            {
                Parameters =
                {
                    new() { Value = only is null ? DBNull.Value : only.Select(t => t.Schema).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                    new() { Value = only is null ? DBNull.Value : only.Select(t => t.Name).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                },
            })
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    names.Add((reader.GetString(0), string.Join(", ", reader.GetFieldValue<string[]>(1))));
                }
            }

            foreach (var (table, columns) in names)
            {
                // Names and columns come quoted from the catalog (format('%I.%I'), quote_ident): no agent text here.
                await using var copy = await connection.BeginRawBinaryCopyAsync(
                    $"COPY (SELECT {columns} FROM ONLY {table} LIMIT {rowsPerTable}) TO STDOUT (FORMAT binary)", ct);
                using var buffer = new MemoryStream();
                await copy.CopyToAsync(buffer, ct);
                read.Add((table, columns, buffer.ToArray()));
            }

            await using (var command = new NpgsqlCommand(EmbeddedFiles.Get("Shadow/Sql/sequence_values.sql"), connection))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    positions.Add((reader.GetString(0), reader.GetInt64(1)));
                }
            }

            return (read, positions);
        }, cancellationToken);

        await using var shadowConnection = new NpgsqlConnection(shadow.ConnectionString);
        await shadowConnection.OpenAsync(cancellationToken);
        await using (var replica = new NpgsqlCommand("SET session_replication_role = replica", shadowConnection))
        {
            await replica.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (table, columns, rows) in tables)
        {
            await using var copy = await shadowConnection.BeginRawBinaryCopyAsync($"COPY {table} ({columns}) FROM STDIN (FORMAT binary)", cancellationToken);
            await copy.WriteAsync(rows, cancellationToken);
        }

        if (sequences.Count > 0)
        {
            await using var batch = new NpgsqlBatch(shadowConnection);
            foreach (var (sequence, value) in sequences)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT setval($1::regclass, $2)") { Parameters = { new() { Value = sequence }, new() { Value = value } } });
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        // Statistics as the target would have them, so that the planner and the lock estimates read real sizes.
        await using (var analyze = new NpgsqlCommand("ANALYZE", shadowConnection))
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        return await CountAsync(shadowConnection, tables.Select(t => t.Table), cancellationToken);
    }

    /// <summary>
    /// A sample of one column of the target into a table of the shadow's own, <paramref name="into"/> (id identity,
    /// v <paramref name="type"/>): up to <paramref name="rows"/> non-null values, read in one read-only transaction on
    /// the target (binary COPY … TO STDOUT, TABLESAMPLE SYSTEM with a fixed seed on a table much larger than the
    /// sample), written as the shadow's owner. <paramref name="table"/>, <paramref name="column"/> and
    /// <paramref name="type"/> come quoted from the catalog, never from agent text. Returns the rows copied.
    /// </summary>
    public static async Task<long> CopyColumnAsync(
        DatabaseExecutor executor, NpgsqlConnectionStringBuilder shadow, string table, string column, string type, double tableRows, int rows, string into,
        CancellationToken cancellationToken)
    {
        // SYSTEM samples whole pages, so ask for twice the share needed: LIMIT cuts what comes back to the sample's size.
        var sample = tableRows > 2.0 * rows
            ? string.Create(CultureInfo.InvariantCulture, $" TABLESAMPLE SYSTEM ({Math.Min(100, 200.0 * rows / tableRows):0.######}) REPEATABLE (0)")
            : "";
        var values = await executor.ReadOnlyAsync(async (connection, ct) =>
        {
            await using var copy = await connection.BeginRawBinaryCopyAsync(
                $"COPY (SELECT {column} FROM ONLY {table}{sample} WHERE {column} IS NOT NULL LIMIT {rows}) TO STDOUT (FORMAT binary)", ct);
            using var buffer = new MemoryStream();
            await copy.CopyToAsync(buffer, ct);
            return buffer.ToArray();
        }, cancellationToken);

        await using var connection = new NpgsqlConnection(shadow.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var create = new NpgsqlCommand($"CREATE TABLE {into} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v {type} NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var copy = await connection.BeginRawBinaryCopyAsync($"COPY {into} (v) FROM STDIN (FORMAT binary)", cancellationToken))
        {
            await copy.WriteAsync(values, cancellationToken);
        }

        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {into}", connection);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, IEnumerable<string> tables, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var table in tables)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT count(*) FROM ONLY {table}"));
        }

        if (batch.BatchCommands.Count == 0)
        {
            return 0;
        }

        long total = 0;
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        do
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                total += reader.GetInt64(0);
            }
        }
        while (await reader.NextResultAsync(cancellationToken));

        return total;
    }
}
