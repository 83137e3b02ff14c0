using System.Text;
using McpDbEngineer.Answers;
using McpDbEngineer.Database;
using McpDbEngineer.Sql;
using Npgsql;

namespace McpDbEngineer.Schema;

/// <summary>list_extensions: the installed extensions (with pending updates) and, on request, those available to install.</summary>
public sealed class ExtensionLister(DatabaseExecutor executor)
{
    public Task<string> ListAsync(bool includeAvailable, CancellationToken cancellationToken) =>
        executor.CatalogAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(EmbeddedFiles.Get("Schema/Sql/list_extensions.sql"), connection)
            {
                Parameters = { new() { Value = includeAvailable } },
            };
            await using var reader = await command.ExecuteReaderAsync(ct);
            var installed = new StringBuilder("installed:\nname\tversion\tschema\tnote\n");
            var available = new StringBuilder("available (CREATE EXTENSION name):\nname\tversion\tnote\n");
            int installedCount = 0, availableCount = 0;
            while (await reader.ReadAsync(ct))
            {
                var name = reader.GetString(0);
                var defaultVersion = reader.IsDBNull(3) ? null : reader.GetString(3);
                var comment = reader.IsDBNull(4) ? "" : ShortText.Cell(reader.GetString(4), ShortText.CommentLength);
                if (reader.IsDBNull(1))
                {
                    available.Append(name).Append('\t').Append(defaultVersion).Append('\t').Append(comment).Append('\n');
                    availableCount++;
                    continue;
                }

                var version = reader.GetString(1);
                installed.Append(name).Append('\t').Append(version).Append('\t').Append(reader.GetString(2)).Append('\t');
                if (defaultVersion is not null && defaultVersion != version)
                {
                    installed.Append("update to ").Append(defaultVersion).Append(" available; ");
                }

                installed.Append(comment).Append('\n');
                installedCount++;
            }

            if (installedCount == 0)
            {
                installed.Clear().Append("installed: none\n");
            }

            if (includeAvailable)
            {
                installed.Append(availableCount == 0 ? "available: none beyond those installed\n" : available.ToString());
            }

            return installed.ToString();
        }, cancellationToken);
}
