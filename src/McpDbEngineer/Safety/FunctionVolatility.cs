using McpDbEngineer.Schema;
using Npgsql;

namespace McpDbEngineer.Safety;

/// <summary>
/// Looks up functions the parser could not vouch for: a read may call a user function only when every
/// overload it could reach is IMMUTABLE or STABLE, which PostgreSQL promises cannot modify the database.
/// </summary>
public static class FunctionVolatility
{
    /// <summary>The functions among <paramref name="functions"/> that are VOLATILE in the connected database.</summary>
    public static async Task<IReadOnlyList<FunctionReference>> FindVolatileAsync(
        NpgsqlConnection connection, IReadOnlyList<FunctionReference> functions, CancellationToken cancellationToken)
    {
        if (functions.Count == 0)
        {
            return [];
        }

        await using var command = new NpgsqlCommand(SqlResources.Get("Safety/Sql/function_volatility.sql"), connection)
        {
            Parameters =
            {
                new() { Value = functions.Select(f => f.Schema).ToArray() },
                new() { Value = functions.Select(f => f.Name).ToArray() },
            },
        };
        var volatileFunctions = new List<FunctionReference>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetBoolean(1))
            {
                volatileFunctions.Add(functions[reader.GetInt32(0) - 1]);
            }
        }

        return volatileFunctions;
    }
}
