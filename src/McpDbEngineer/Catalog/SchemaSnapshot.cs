using McpDbEngineer.Sql;
using Npgsql;

namespace McpDbEngineer.Catalog;

/// <summary>
/// The schema of one database as comparable records, keyed by name (see Sql/schema_snapshot.sql): what a migration's
/// down must restore. The guard's own snapshot (Safety/Effects) keys by oid instead, to see renames as renames.
/// </summary>
public static class SchemaSnapshot
{
    public static async Task<IReadOnlyList<CatalogObject>> TakeAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(EmbeddedFiles.Get("Catalog/Sql/schema_snapshot.sql"), connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var objects = new List<CatalogObject>();
        while (await reader.ReadAsync(cancellationToken))
        {
            objects.Add(CatalogObject.FromRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3)));
        }

        return objects;
    }
}
