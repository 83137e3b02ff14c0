using McpDbEngineer.Answers;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Schema;

/// <summary>list_schemas reads sizes from the catalog's page counts, not from the file system.</summary>
public sealed class ListSchemasTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    [Fact]
    public async Task ListSchemas_SizeIsTheTablesAndIndexesPagesAsOfTheLastAnalyze()
    {
        await database.ExecuteAsync(
            "CREATE SCHEMA ledger; CREATE TABLE ledger.entries (id int PRIMARY KEY, note text); " +
            "INSERT INTO ledger.entries SELECT g, repeat('x', 100) FROM generate_series(1, 20000) g");
        await database.ExecuteAsync("VACUUM ANALYZE ledger.entries");
        var mainForks = (long)(await database.ScalarAsync(
            "SELECT pg_relation_size('ledger.entries') + pg_relation_size('ledger.entries_pkey')"))!;
        await using var client = await database.StartServerAsync();

        var text = await client.CallTextAsync("list_schemas");

        Assert.Contains("\nschema\towner\ttables\tsize (at last ANALYZE)\n", text);
        var ledger = text.Split('\n').Single(line => line.StartsWith("ledger\t", StringComparison.Ordinal)).Split('\t');
        Assert.Equal("1", ledger[2]);
        Assert.Equal(Units.Bytes(mainForks), ledger[3]);
    }
}
