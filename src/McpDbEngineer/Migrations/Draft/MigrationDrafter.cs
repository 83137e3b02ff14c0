using System.Text.RegularExpressions;
using McpDbEngineer.Answers;
using McpDbEngineer.Database;
using McpDbEngineer.Migrations.Draft.MigrationFormats;
using McpDbEngineer.Sql;
using McpDbEngineer.Sql.Parsing;
using Npgsql;

namespace McpDbEngineer.Migrations.Draft;

/// <summary>What draft_migration is asked: the up SQL, a short name, and where and how to put the files.</summary>
public sealed record DraftRequest(string Sql, string Name, string? Format = null, string? Directory = null, bool Write = false, bool Safe = false);

/// <summary>A drafted migration: its files, whether they were written, and what the down cannot give back.</summary>
internal sealed record Draft(
    string Format,
    string Version,
    string? PreviousRevision,
    bool Detected,
    IReadOnlyList<DraftedFile> Files,
    IReadOnlyList<string> Written,
    IReadOnlyList<DownStep> Down,
    IReadOnlyList<DraftStatement> Up,
    IReadOnlyList<Finding> Advice,
    string? NonTransactionalNote);

/// <summary>
/// draft_migration's service: parses the up, asks the live catalog (read-only) what the down needs, rewrites into the
/// safe forms when asked, lays the files out in the project's format, and writes them only when asked.
/// </summary>
public sealed partial class MigrationDrafter(DatabaseExecutor executor, PriorCatalogLoader loader, TimeProvider clock)
{
    internal async Task<Draft> DraftAsync(DraftRequest request, CancellationToken cancellationToken)
    {
        var name = FileName(request.Name);
        if (request.Write && string.IsNullOrWhiteSpace(request.Directory))
        {
            throw new ToolException("write=true needs the migrations directory: pass directory (the folder the files go in).");
        }

        using var parsed = PgQuery.Parse(request.Sql);
        var ups = UpStatement.Read(request.Sql, parsed);

        var up = request.Safe ? await AskTwiceAsync(prior => SafeRewriter.Rewrite(ups, prior), cancellationToken) : SafeRewriter.AsWritten(ups);
        var reparsed = new List<ParsedScript>();
        try
        {
            var reversible = request.Safe ? Reparse(up, reparsed) : ups;
            var down = await AskTwiceAsync(prior => DownMigrationBuilder.Build(reversible, prior), cancellationToken);
            var advice = NamingConventions.Advise(ups, await ConventionAsync(cancellationToken));

            var folder = string.IsNullOrWhiteSpace(request.Directory) ? MigrationFolder.None : MigrationDirectory.Read(request.Directory);
            var format = MigrationDirectory.Choose(request.Format, folder);
            var version = format.NextVersion(folder, clock.GetUtcNow());
            var previous = format.LatestRevision(folder);
            var downStatements = MigrationScript.Down(down);
            var files = format.Files(new MigrationText(version, name, MigrationScript.Text(up), MigrationScript.Text(downStatements), up, downStatements, previous))
                .Select(f => f with { Path = format.Subfolder(folder) + f.Path })
                .ToList();
            var written = request.Write ? MigrationDirectory.Write(request.Directory!, files) : [];
            return new Draft(format.Id, version, previous, string.IsNullOrWhiteSpace(request.Format), files, written, down, up, advice,
                up.Concat(downStatements).Any(s => s.OutsideTransaction) ? format.NonTransactionalNote : null);
        }
        finally
        {
            reparsed.ForEach(p => p.Dispose());
        }
    }

    /// <summary>Runs a pure step over an empty catalog to learn what it asks, loads the answers, and runs it again with them.</summary>
    private async Task<T> AskTwiceAsync<T>(Func<PriorCatalog, T> step, CancellationToken cancellationToken)
    {
        var questions = PriorCatalog.Empty();
        step(questions);
        return step(await loader.LoadAsync(questions.Asked, cancellationToken));
    }

    /// <summary>The safe form's statements parsed again, so that the down undoes what will actually run (a backfill needs none: the column's drop undoes it).</summary>
    private static List<UpStatement> Reparse(IReadOnlyList<DraftStatement> statements, List<ParsedScript> keep)
    {
        var ups = new List<UpStatement>();
        foreach (var statement in statements.Where(s => !s.NeedsNoDown))
        {
            var parsed = PgQuery.Parse(statement.Sql);
            keep.Add(parsed);
            foreach (var one in UpStatement.Read(statement.Sql, parsed))
            {
                ups.Add(one with { Number = statement.FromUp });
            }
        }

        return ups;
    }

    private Task<NamingConvention> ConventionAsync(CancellationToken cancellationToken) =>
        executor.CatalogAsync(
            async (connection, ct) =>
            {
                var styles = new Dictionary<string, NameStyle>(StringComparer.Ordinal);
                await using var command = new NpgsqlCommand(EmbeddedFiles.Get("Migrations/Draft/Sql/naming_convention.sql"), connection);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var kind = reader.GetString(0);
                    var fallback = Pick(NamingConvention.Default, kind);
                    styles[kind] = NameStyle.Detect(kind, fallback.Prefix, fallback.Suffix, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
                }

                NameStyle Style(string kind) => styles.TryGetValue(kind, out var style) ? style : Pick(NamingConvention.Default, kind);
                return new NamingConvention(Style("index"), Style("foreign key"), Style("unique"), Style("check"));
            },
            cancellationToken);

    private static NameStyle Pick(NamingConvention convention, string kind) => kind switch
    {
        "index" => convention.Index,
        "foreign key" => convention.ForeignKey,
        "unique" => convention.Unique,
        _ => convention.Check,
    };

    /// <summary>The name as a file name part: snake_case ASCII letters and digits only, so it can never carry a path.</summary>
    private static string FileName(string name)
    {
        var clean = NotNameCharacters().Replace(name.Trim().ToLowerInvariant(), "_").Trim('_');
        return clean.Length switch
        {
            0 => throw new ToolException("The name must hold letters or digits (e.g. add_orders_note): it becomes part of the file names."),
            > 80 => clean[..80].TrimEnd('_'),
            _ => clean,
        };
    }

    [GeneratedRegex("[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotNameCharacters();
}
