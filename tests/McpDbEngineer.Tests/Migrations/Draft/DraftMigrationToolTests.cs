using McpDbEngineer.Tests.Infrastructure;
using McpDbEngineer.Tests.Safety;

namespace McpDbEngineer.Tests.Migrations.Draft;

/// <summary>draft_migration through the real server process, as an agent's MCP client calls it.</summary>
public sealed class DraftMigrationToolTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("draft-tool-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Stdio_DraftMigrationIsListedWithDescribedParametersAndNotReadOnly()
    {
        await using var client = await ServerProcess.StartStdioAsync(database.ConnectionString);

        var tool = Assert.Single(await client.ListToolsAsync(), t => t.Name == "draft_migration");

        Assert.False(tool.ProtocolTool.Annotations?.ReadOnlyHint); // it may write files
        Assert.False(tool.ProtocolTool.Annotations?.DestructiveHint);
        Assert.False(tool.ProtocolTool.Annotations?.OpenWorldHint);
        foreach (var parameter in tool.JsonSchema.GetProperty("properties").EnumerateObject())
        {
            Assert.True(parameter.Value.TryGetProperty("description", out _), $"{parameter.Name} has no description");
        }
    }

    [Fact]
    public async Task Stdio_DraftWritesFlywayFilesChainedToTheLatestAndLeavesTheDatabaseUnchanged()
    {
        File.WriteAllText(Path.Combine(_root, "V7__init.sql"), "SELECT 1;");
        var before = await DatabaseFingerprint.TakeAsync(database.ConnectionString);
        await using var client = await ServerProcess.StartStdioAsync(database.ConnectionString);

        var answer = await client.CallTextAsync("draft_migration", new()
        {
            ["sql"] = "ALTER TABLE orders ALTER COLUMN total_cents SET DEFAULT 100; ALTER TABLE customers DROP COLUMN preferences;",
            ["name"] = "Default total & drop prefs",
            ["directory"] = _root,
            ["write"] = true,
        });

        Assert.StartsWith($"format: flyway (detected in {_root}); version 8\ndown: irreversible: data\nwritten: ", answer, StringComparison.Ordinal);
        Assert.Contains("irreversible: data, up statement 2 (ALTER TABLE): loses every value of column customers.preferences (jsonb)", answer);
        Assert.Equal(
            "-- irreversible: data. Up statement 2 (ALTER TABLE) destroyed every value of column customers.preferences (jsonb); indexes and constraints on it are not rebuilt\n" +
            "ALTER TABLE customers ADD COLUMN preferences jsonb DEFAULT '{}'::jsonb NOT NULL;\n" +
            "ALTER TABLE orders ALTER COLUMN total_cents SET DEFAULT 0;\n",
            File.ReadAllText(Path.Combine(_root, "U8__default_total_drop_prefs.sql")));
        Assert.True(File.Exists(Path.Combine(_root, "V8__default_total_drop_prefs.sql")));
        Assert.Empty(before.Differences(await DatabaseFingerprint.TakeAsync(database.ConnectionString)));
    }

    [Fact]
    public async Task Stdio_WriteWithoutDirectoryAndUnparsableSql_AreErrorsThatSayWhatToDo()
    {
        await using var client = await ServerProcess.StartStdioAsync(database.ConnectionString);

        var noDirectory = await client.CallErrorAsync("draft_migration", new() { ["sql"] = "CREATE INDEX ON orders (note);", ["name"] = "x", ["write"] = true });
        var badSql = await client.CallErrorAsync("draft_migration", new() { ["sql"] = "ALTER TABLE orders ADD COLUMN;", ["name"] = "x" });

        Assert.Equal("write=true needs the migrations directory: pass directory (the folder the files go in).", noDirectory);
        Assert.StartsWith("The up SQL does not parse: syntax error at or near \";\" at character", badSql, StringComparison.Ordinal);
    }
}
