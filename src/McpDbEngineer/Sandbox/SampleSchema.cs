using McpDbEngineer.Database;
using McpDbEngineer.Sql;
using Npgsql;

namespace McpDbEngineer.Sandbox;

/// <summary>Creates the sample database (a small shop) once; later starts find it and leave it alone.</summary>
public static class SampleSchema
{
    public static async Task EnsureAsync(NpgsqlConnectionStringBuilder admin, string database, CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database } } };
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return;
            }

            // A half-loaded sample from an interrupted start is recreated from scratch under a temporary name.
            var loading = database + "_loading";
            await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS {Identifiers.Quoted(loading)}", cancellationToken);
            await ExecuteAsync(connection, $"CREATE DATABASE {Identifiers.Quoted(loading)}", cancellationToken);
            await LoadAsync(new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = loading }, cancellationToken);
            await ExecuteAsync(connection, $"ALTER DATABASE {Identifiers.Quoted(loading)} RENAME TO {Identifiers.Quoted(database)}", cancellationToken);
        }
    }

    /// <summary>Loads the sample schema and data into an existing, empty database.</summary>
    public static async Task LoadAsync(NpgsqlConnectionStringBuilder target, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await SqlScript.ExecuteAsync(connection, EmbeddedFiles.Get("Sandbox/sample_schema.sql"), cancellationToken, commandTimeoutSeconds: 300);
        NpgsqlConnection.ClearPool(connection);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
