using System.Text;
using McpDbEngineer.Database;
using Npgsql;

namespace McpDbEngineer.Schema;

/// <summary>Reads the catalog and answers in compact text an agent can read cheaply.</summary>
public sealed class SchemaInspector(DatabaseExecutor executor)
{
    public Task<string> ListSchemasAsync(bool includeSystem, CancellationToken cancellationToken) =>
        executor.ReadOnlyAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(SqlResources.Get("Schema/Sql/list_schemas.sql"), connection)
            {
                Parameters = { new() { Value = includeSystem } },
            };
            await using var reader = await command.ExecuteReaderAsync(ct);
            var text = new StringBuilder("schema\towner\ttables\tsize\n");
            while (await reader.ReadAsync(ct))
            {
                text.Append(reader.GetString(0)).Append('\t')
                    .Append(reader.GetString(1)).Append('\t')
                    .Append(reader.GetInt64(2)).Append('\t')
                    .Append(Sizes.Format(reader.GetInt64(3))).Append('\n');
            }

            return text.ToString();
        }, cancellationToken);
}
