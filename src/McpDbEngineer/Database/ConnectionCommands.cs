using Npgsql;

namespace McpDbEngineer.Database;

public static class ConnectionCommands
{
    /// <summary>Runs one statement of the server's own (no parameters, no rows wanted) on <paramref name="connection"/>.</summary>
    public static async Task ExecuteAsync(this NpgsqlConnection connection, string sql, CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
