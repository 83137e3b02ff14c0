using McpDbEngineer.Catalog;
using McpDbEngineer.Database;

namespace McpDbEngineer.Schema;

/// <summary>
/// describe_table: everything an engineer checks before touching a table, in one terse text. Two round trips: the
/// name is resolved, then the table's catalog facts are read in one batch and written by <see cref="TableWriter"/>.
/// </summary>
public sealed class TableDescriber(DatabaseExecutor executor)
{
    public Task<string> DescribeAsync(string table, string? schema, CancellationToken cancellationToken)
    {
        var name = QualifiedName.Parse(table, schema);
        return executor.CatalogAsync(async (connection, ct) =>
        {
            var relation = await CatalogNames.ResolveRelationAsync(connection, name, ct);
            return TableWriter.Write(await TableSnapshotLoader.LoadAsync(connection, relation, ct));
        }, cancellationToken);
    }
}
