using ModelContextProtocol.Client;
using Npgsql;

namespace McpDbEngineer.Tests.Infrastructure;

/// <summary>
/// A fresh copy of the sample database for one test class, and the one way tests reach it: the server under test
/// (<see cref="StartServerAsync"/>, a real process and MCP client; call tools with CallTextAsync / CallErrorAsync) and
/// direct SQL for set-up and checks (<see cref="ExecuteAsync"/>, <see cref="ScalarAsync"/>).
/// </summary>
public class SampleDatabaseFixture : IAsyncLifetime
{
    public NpgsqlConnectionStringBuilder Connection { get; private set; } = new();

    public string ConnectionString => Connection.ConnectionString;

    /// <summary>The server on stdio against this database, with the given extra arguments (e.g. "--access", "read-write").</summary>
    public Task<McpClient> StartServerAsync(params string[] extraArguments) => ServerProcess.StartStdioAsync(ConnectionString, extraArguments);

    public virtual async Task InitializeAsync() => Connection = await TestCluster.CreateSampleDatabaseAsync(GetType().Name);

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
