using McpDbEngineer.Sandbox;
using Npgsql;

namespace McpDbEngineer.Tests.Infrastructure;

/// <summary>The embedded shadow cluster the tests' servers use (<see cref="TestCluster.ShadowDirectoryAsync"/>), seen from outside.</summary>
public static class ShadowCluster
{
    /// <summary>Whether anything of the shadow <paramref name="name"/> is left: its database, or its owner role of the same name.</summary>
    public static async Task<bool> ShadowExistsAsync(string name)
    {
        var endpoint = await new LocalCluster(await TestCluster.ShadowDirectoryAsync()).EnsureRunningAsync(new Dictionary<string, string>(), default);
        await using var connection = new NpgsqlConnection(SandboxDatabase.Connection(endpoint, "postgres").ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1) OR EXISTS (SELECT FROM pg_roles WHERE rolname = $1)", connection)
        {
            Parameters = { new() { Value = name } },
        };
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
