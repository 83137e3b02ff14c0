using McpDbEngineer.Database;
using McpDbEngineer.Sql;
using Npgsql;

namespace McpDbEngineer.Migrations.Lint;

/// <summary>A migration file to lint: the name findings are reported under, and its text.</summary>
public sealed record MigrationFile(string Path, string Text);

/// <summary>The reports of a run, and where the severities came from (live sizes, or the rules alone and why).</summary>
public sealed record LintRun(IReadOnlyList<LintReport> Reports, string Sizes);

/// <summary>
/// Lints files, graded by the live sizes of the tables they touch when a database is at hand: one read-only catalog
/// transaction (the server's version comes with the connection). Without a database, or when it cannot be reached,
/// the rules' own severities stand and the run says why.
/// </summary>
public static class LintRunner
{
    public static async Task<LintRun> RunAsync(IReadOnlyList<MigrationFile> files, LintOptions options, DatabaseExecutor? database, CancellationToken cancellationToken)
    {
        if (database is null)
        {
            return new LintRun(Lint(files, options, null), "no database: graded by rule, not by table size");
        }

        try
        {
            return await database.CatalogAsync(async (connection, ct) =>
            {
                var reports = Lint(files, options, options.PostgresVersion ?? connection.PostgreSqlVersion.Major);
                var tables = reports.SelectMany(MigrationLinter.TablesToMeasure).Distinct().ToList();
                var sizes = await ReadSizesAsync(connection, tables, ct);
                return new LintRun(reports.Select(r => MigrationLinter.Grade(r, sizes)).ToList(), "graded by live table sizes");
            }, cancellationToken);
        }
        catch (ToolException e)
        {
            return new LintRun(Lint(files, options, null), $"table sizes not read, graded by rule: {e.Message}");
        }
    }

    private static List<LintReport> Lint(IReadOnlyList<MigrationFile> files, LintOptions options, int? postgresMajor) =>
        files.Select(f => MigrationLinter.Lint(f.Path, f.Text, options, postgresMajor)).ToList();

    private static async Task<Dictionary<SqlName, TableSize>> ReadSizesAsync(NpgsqlConnection connection, IReadOnlyList<SqlName> tables, CancellationToken ct)
    {
        var sizes = new Dictionary<SqlName, TableSize>();
        if (tables.Count == 0)
        {
            return sizes;
        }

        await using var command = new NpgsqlCommand(EmbeddedFiles.Get("Migrations/Lint/Sql/table_sizes.sql"), connection)
        {
            Parameters = { new() { Value = tables.Select(QuotedName).ToArray() } },
        };
        await using var reader = await command.ExecuteReaderAsync(ct);
        for (var i = 0; await reader.ReadAsync(ct); i++)
        {
            sizes[tables[i]] = new TableSize(reader.GetBoolean(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3));
        }

        return sizes;
    }

    // The parser has already folded unquoted names to lower case; quoting keeps them exactly as it read them.
    private static string QuotedName(SqlName table) =>
        table.Schema is null ? Identifiers.Quoted(table.Name) : $"{Identifiers.Quoted(table.Schema)}.{Identifiers.Quoted(table.Name)}";
}
