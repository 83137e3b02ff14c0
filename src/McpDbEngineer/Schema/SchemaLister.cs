using System.Text;
using McpDbEngineer.Answers;
using McpDbEngineer.Database;
using McpDbEngineer.Sql;
using Npgsql;

namespace McpDbEngineer.Schema;

/// <summary>list_schemas: each schema with its owner, table count and total size, one line each.</summary>
public sealed class SchemaLister(DatabaseExecutor executor)
{
    public Task<string> ListAsync(bool includeSystem, CancellationToken cancellationToken) =>
        executor.CatalogAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(EmbeddedFiles.Get("Schema/Sql/list_schemas.sql"), connection)
            {
                Parameters = { new() { Value = includeSystem } },
            };
            await using var reader = await command.ExecuteReaderAsync(ct);
            var text = new StringBuilder("schema\towner\ttables\tsize (at last ANALYZE)\n");
            while (await reader.ReadAsync(ct))
            {
                text.Append(reader.GetString(0)).Append('\t')
                    .Append(reader.GetString(1)).Append('\t')
                    .Append(reader.GetInt64(2)).Append('\t')
                    .Append(Units.Bytes(reader.GetInt64(3))).Append('\n');
            }

            return text.ToString();
        }, cancellationToken);
}
