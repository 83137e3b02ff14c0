using McpDbEngineer.Answers;
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
            var snapshot = await TableSnapshotLoader.LoadAsync(connection, relation, ct);
            // Comments and view definitions are text anyone who could write them chose: marked as data.
            var freeText = snapshot.Facts.Comment is not null || snapshot.Facts.ViewDefinition is not null || snapshot.Columns.Any(c => c.Comment is not null);
            var text = TableWriter.Write(snapshot);
            return freeText ? UntrustedData.Wrap(text) : text;
        }, cancellationToken);
    }
}
