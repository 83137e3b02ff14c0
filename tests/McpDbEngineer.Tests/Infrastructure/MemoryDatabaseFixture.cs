using Npgsql;

namespace McpDbEngineer.Tests.Infrastructure;

/// <summary>
/// A sample target plus an empty memory database of the test class's own (--memory-url), so that classes running at
/// once never see each other's memories.
/// </summary>
public class MemoryDatabaseFixture : SampleDatabaseFixture
{
    public NpgsqlConnectionStringBuilder Memory { get; private set; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Memory = await TestCluster.CreateEmptyDatabaseAsync(GetType().Name + "memory");
    }

    /// <summary>The server against the target, memory in the memory database; embeddings off unless asked.</summary>
    public Task<ModelContextProtocol.Client.McpClient> StartMemoryServerAsync(params string[] extraArguments) =>
        StartServerAsync(["--memory-url", Memory.ConnectionString, .. extraArguments.Contains("--embeddings") ? [] : new[] { "--embeddings", "none" }, .. extraArguments]);

    public async Task<object?> MemoryScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Memory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public async Task MemoryExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Memory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
