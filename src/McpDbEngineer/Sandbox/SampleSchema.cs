using McpDbEngineer.Database;
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
            await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS {Quote(loading)}", cancellationToken);
            await ExecuteAsync(connection, $"CREATE DATABASE {Quote(loading)}", cancellationToken);
            await LoadAsync(new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = loading }, cancellationToken);
            await ExecuteAsync(connection, $"ALTER DATABASE {Quote(loading)} RENAME TO {Quote(database)}", cancellationToken);
        }
    }

    /// <summary>Loads the sample schema and data into an existing, empty database.</summary>
    public static async Task LoadAsync(NpgsqlConnectionStringBuilder target, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await SqlScript.ExecuteAsync(connection, ReadScript(), cancellationToken, commandTimeoutSeconds: 300);
        NpgsqlConnection.ClearPool(connection);
    }

    private static string ReadScript()
    {
        using var stream = typeof(SampleSchema).Assembly.GetManifestResourceStream("McpDbEngineer.Sandbox.sample_schema.sql")
            ?? throw new InvalidOperationException("sample_schema.sql is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
