using Npgsql;

namespace McpDbEngineer.Tests.Infrastructure;

/// <summary>A fresh copy of the sample database for one test class.</summary>
public class SampleDatabaseFixture : IAsyncLifetime
{
    public NpgsqlConnectionStringBuilder Connection { get; private set; } = new();

    public string ConnectionString => Connection.ConnectionString;

    public async Task InitializeAsync() => Connection = await TestCluster.CreateSampleDatabaseAsync(GetType().Name);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Runs SQL directly (setup and checks only; the code under test goes through the server). SQL NULL is null.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
