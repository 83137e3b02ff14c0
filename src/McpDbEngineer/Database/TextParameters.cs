using Npgsql;
using NpgsqlTypes;

namespace McpDbEngineer.Database;

/// <summary>Agent-supplied values for $1, $2, … bound as text of unknown type.</summary>
public static class TextParameters
{
    /// <summary>Unknown type: PostgreSQL infers each parameter's type from where it is used, as psql's \bind does.</summary>
    public static void Bind(NpgsqlParameterCollection parameters, IReadOnlyList<string?> values)
    {
        foreach (var value in values)
        {
            parameters.Add(new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Unknown });
        }
    }
}
