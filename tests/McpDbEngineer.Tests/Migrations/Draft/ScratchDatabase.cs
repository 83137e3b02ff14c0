using McpDbEngineer.Catalog;
using McpDbEngineer.Migrations.Draft;
using McpDbEngineer.Safety.Effects;
using McpDbEngineer.Sql;
using McpDbEngineer.Sql.Parsing;
using McpDbEngineer.Tests.Infrastructure;
using Npgsql;

namespace McpDbEngineer.Tests.Migrations.Draft;

/// <summary>
/// A scratch copy of the sample database for drafting tests (never the shared template): the drafter pointed at it,
/// scripts applied statement by statement as a migration runner would, and catalog snapshots to compare.
/// </summary>
public sealed class ScratchDatabase : SampleDatabaseFixture, IAsyncLifetime
{
    private ServerServices? _services;

    internal MigrationDrafter Drafter => _services!.Get<MigrationDrafter>();

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        _services = new ServerServices(ConnectionString);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    internal Task<McpDbEngineer.Migrations.Draft.Draft> DraftAsync(string sql, bool safe = false, string? format = null, string? directory = null, bool write = false) =>
        Drafter.DraftAsync(new DraftRequest(sql, "change", format, directory, write, safe), CancellationToken.None);

    /// <summary>Runs a script one statement at a time outside any transaction block (so CONCURRENTLY and COMMIT work), stopping at the first error.</summary>
    public async Task ApplyAsync(string script)
    {
        var split = PgQuery.Split(script);
        Assert.Null(split.Error);
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        foreach (var span in split.Statements)
        {
            var statement = script.Substring(span.Start, span.Length).Trim();
            if (statement.Length == 0)
            {
                continue;
            }

            await using var command = new NpgsqlCommand(statement, connection);
            try
            {
                await command.ExecuteNonQueryAsync();
            }
            catch (PostgresException e)
            {
                Assert.Fail($"{e.MessageText} in:\n{statement}");
            }
        }
    }

    public async Task<IReadOnlyList<CatalogObject>> SnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(EmbeddedFiles.Get("Safety/Effects/Sql/catalog_snapshot.sql"), connection);
        await using var reader = await command.ExecuteReaderAsync();
        var objects = new List<CatalogObject>();
        while (await reader.ReadAsync())
        {
            objects.Add(CatalogObject.FromRow(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? "" : reader.GetString(2),
                reader.IsDBNull(3) ? [] : reader.GetFieldValue<string[]>(3)));
        }

        return objects;
    }

    /// <summary>Applies up then down (each must run without error) and returns the catalog's differences from before (none when the down is exact).</summary>
    public async Task<IReadOnlyList<CatalogChange>> UpThenDownAsync(string up, string down)
    {
        var before = await SnapshotAsync();
        await ApplyAsync(up);
        await ApplyAsync(down);
        return CatalogDiff.Compare(before, await SnapshotAsync(), rewritesExpected: true);
    }
}
