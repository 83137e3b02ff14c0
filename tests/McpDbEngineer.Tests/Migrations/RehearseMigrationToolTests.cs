using System.Text.Json;
using McpDbEngineer.Tests.Infrastructure;
using McpDbEngineer.Tests.Safety;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpDbEngineer.Tests.Migrations;

/// <summary>rehearse_migration through the real server process, as an agent's client calls it.</summary>
public sealed class RehearseMigrationToolTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    private async Task<McpClient> StartAsync(params string[] extra) =>
        await ServerProcess.StartStdioAsync(database.ConnectionString, ["--shadow-dir", await TestCluster.ShadowDirectoryAsync(), .. extra]);

    [Fact]
    public async Task Stdio_RehearseMigration_AnswersPerStatementAndTheSummary_SendsProgress_LeavesTheTargetUnchanged()
    {
        await using var client = await StartAsync();
        var before = await DatabaseFingerprint.TakeAsync(database.ConnectionString);
        var progress = new List<ProgressNotificationValue>();

        var result = await client.CallToolAsync(
            "rehearse_migration",
            new Dictionary<string, object?>
            {
                ["up"] = "-- migrate:up\nALTER TABLE orders ALTER COLUMN total_cents TYPE bigint;\nCREATE INDEX orders_note_idx ON orders (note);\n\n" +
                         "-- migrate:down\nDROP INDEX orders_note_idx;\nALTER TABLE orders ALTER COLUMN total_cents TYPE integer;\n",
                ["sample_rows"] = 100,
            },
            new Progress<ProgressNotificationValue>(p => { lock (progress) { progress.Add(p); } }));
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));

        Assert.True(result.IsError != true, text);
        Assert.Matches(@"^shadow mcpdb_shadow_[0-9a-f]{10} on the embedded shadow cluster \(.+\): schema copied in [\d.]+m?s, \d+ rows sampled; dropped afterwards\n", text);
        Assert.Contains("\n  1 (2:1) ALTER TABLE orders ALTER COLUMN total_cents TYPE bigint: ", text);
        Assert.Matches(@"ACCESS EXCLUSIVE on public\.orders \(~[\d.]+m?s on the target: [\d.]+[kKM]B, \d+ rows\); rewrote public\.orders", text);
        Assert.Contains("\n  2 (3:1) CREATE INDEX orders_note_idx ON orders (note): ", text);
        Assert.Contains("\ndown: 2 statements", text);
        Assert.Contains("\n  1 (6:1) DROP INDEX orders_note_idx: ", text);
        Assert.Contains("\ndown restores the schema: yes", text);
        Assert.Contains("\nup again after down: ran\n", text);
        using var summary = JsonDocument.Parse(text[(text.IndexOf("\nsummary: ", StringComparison.Ordinal) + "\nsummary: ".Length)..]);
        Assert.Equal(1, summary.RootElement.GetProperty("migrations_created").GetInt32());
        Assert.Equal("public.orders_note_idx", summary.RootElement.GetProperty("indexes_added")[0].GetString());
        Assert.Equal("public.orders", summary.RootElement.GetProperty("rewrites")[0].GetProperty("table").GetString());
        foreach (var key in new[] { "constraints_added", "locks", "performance_findings", "recommendations" })
        {
            Assert.Equal(JsonValueKind.Array, summary.RootElement.GetProperty(key).ValueKind);
        }

        lock (progress)
        {
            Assert.True(progress.Count >= 5, $"{progress.Count} progress notifications");
            Assert.Contains(progress, p => p.Message?.StartsWith("up statement 2 of 2", StringComparison.Ordinal) == true);
        }

        Assert.Empty(before.Differences(await DatabaseFingerprint.TakeAsync(database.ConnectionString)));
    }

    [Fact]
    public async Task Stdio_RehearseMigration_IsListedWithDescribedParameters()
    {
        await using var client = await StartAsync();

        var tool = Assert.Single(await client.ListToolsAsync(), t => t.Name == "rehearse_migration");

        Assert.False(tool.ProtocolTool.Annotations?.DestructiveHint);
        foreach (var parameter in tool.JsonSchema.GetProperty("properties").EnumerateObject())
        {
            Assert.True(parameter.Value.TryGetProperty("description", out _), $"{parameter.Name} has no description");
        }
    }

    [Fact]
    public async Task Stdio_RehearseMigration_WithoutAShadow_AnswersHowToConfigureOne()
    {
        await using var client = await ServerProcess.StartStdioAsync(database.ConnectionString, "--shadow-url", "postgres://nobody:x@127.0.0.1:1/postgres");

        var error = await client.CallErrorAsync("rehearse_migration", new() { ["up"] = "CREATE TABLE t (id int)" });

        Assert.Contains("(--shadow-url) is not reachable", error);
        Assert.DoesNotContain("   at ", error);
    }
}
