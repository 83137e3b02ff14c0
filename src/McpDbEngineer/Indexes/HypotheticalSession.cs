using Npgsql;
using NpgsqlTypes;
using McpDbEngineer.Sql;

namespace McpDbEngineer.Indexes;

/// <summary>A hypothetical index hypopg created: its oid (for dropping and sizing) and its name as plans show it.</summary>
public sealed record HypotheticalIndex(uint Oid, string Name);

/// <summary>
/// hypopg's calls on one connection, qualified with the schema the extension lives in. hypopg keeps its indexes in the
/// backend's memory, outside any transaction: whoever opens a session resets it when done, so a pooled connection
/// never carries them to the next caller.
/// </summary>
public sealed class HypotheticalSession
{
    private readonly NpgsqlConnection _connection;
    private readonly string _create;
    private readonly string _drop;
    private readonly string _reset;
    private readonly string _size;

    private HypotheticalSession(NpgsqlConnection connection, string create, string drop, string reset, string size) =>
        (_connection, _create, _drop, _reset, _size) = (connection, create, drop, reset, size);

    /// <summary>The session, with the leftovers of an interrupted trial on this pooled connection reset; null without hypopg.</summary>
    public static async Task<HypotheticalSession?> OpenAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        HypotheticalSession session;
        await using (var command = new NpgsqlCommand(EmbeddedFiles.Get("Indexes/Sql/hypopg_functions.sql"), connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            session = new HypotheticalSession(connection, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
        }

        await session.ResetAsync(cancellationToken);
        return session;
    }

    /// <summary>Creates the hypothetical index <paramref name="statement"/> (one CREATE INDEX, as hypopg takes it).</summary>
    public async Task<HypotheticalIndex> CreateAsync(string statement, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_create, _connection) { Parameters = { new() { Value = statement, NpgsqlDbType = NpgsqlDbType.Text } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new HypotheticalIndex(reader.GetFieldValue<uint>(0), reader.GetString(1));
    }

    /// <summary>The size hypopg estimates for the index from the table's statistics, in bytes.</summary>
    public async Task<long> SizeAsync(HypotheticalIndex index, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_size, _connection) { Parameters = { Oid(index) } };
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DropAsync(HypotheticalIndex index, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_drop, _connection) { Parameters = { Oid(index) } };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_reset, _connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Oid(HypotheticalIndex index) => new() { Value = index.Oid, NpgsqlDbType = NpgsqlDbType.Oid };
}
