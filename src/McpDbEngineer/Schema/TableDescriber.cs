using McpDbEngineer.Answers;
using McpDbEngineer.Catalog;
using McpDbEngineer.Database;

namespace McpDbEngineer.Schema;

/// <summary>
/// describe_table: everything an engineer checks before touching a table, in one terse text. Two round trips: the
/// name is resolved, then the table's catalog facts are read in one batch and written by <see cref="TableWriter"/>.
/// Then one line from each registered <see cref="IObjectNotes"/> (decision memory), when it answers in time.
/// </summary>
public sealed class TableDescriber(DatabaseExecutor executor, IEnumerable<IObjectNotes> notes)
{
    /// <summary>How long the description waits for notes: a note is a courtesy, never a reason to answer slowly.</summary>
    private static readonly TimeSpan NotesBudget = TimeSpan.FromMilliseconds(300);

    public async Task<string> DescribeAsync(string table, string? schema, CancellationToken cancellationToken)
    {
        var name = QualifiedName.Parse(table, schema);
        var snapshot = await executor.CatalogAsync(async (connection, ct) =>
        {
            var relation = await CatalogNames.ResolveRelationAsync(connection, name, ct);
            return await TableSnapshotLoader.LoadAsync(connection, relation, ct);
        }, cancellationToken);
        // Comments and view definitions are text anyone who could write them chose: marked as data.
        var freeText = snapshot.Facts.Comment is not null || snapshot.Facts.ViewDefinition is not null || snapshot.Columns.Any(c => c.Comment is not null);
        var text = freeText ? UntrustedData.Wrap(TableWriter.Write(snapshot)) : TableWriter.Write(snapshot);
        var lines = await Task.WhenAll(notes.Select(n => NoteAsync(n, snapshot.Relation.Display, cancellationToken)));
        return lines.Where(l => l is not null).Aggregate(text, (all, line) => all + line + "\n");
    }

    private static async Task<string?> NoteAsync(IObjectNotes source, string relation, CancellationToken cancellationToken)
    {
        try
        {
            return await source.NoteAsync(relation, cancellationToken).WaitAsync(NotesBudget, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or ToolException)
        {
            return null; // the notes' own tools say what is wrong when they are called
        }
    }
}
