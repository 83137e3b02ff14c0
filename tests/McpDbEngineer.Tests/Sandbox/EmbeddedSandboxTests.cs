using McpDbEngineer.Sandbox;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Sandbox;

public sealed class EmbeddedSandboxTests
{
    [Fact]
    public async Task NoConnection_ServesTheSampleDatabaseAndReusesTheClusterOnTheNextStart()
    {
        var root = Path.Combine(Path.GetTempPath(), $"mcpdb-sandbox-test-{Guid.NewGuid():N}");
        try
        {
            string first;
            await using (var client = await ServerProcess.StartStdioWithArgumentsAsync(["--sandbox-dir", root]))
            {
                first = await client.CallTextAsync("list_schemas");
            }

            var dataCreated = File.GetCreationTimeUtc(Path.Combine(root, "data", "PG_VERSION"));
            var postmaster = File.ReadLines(Path.Combine(root, "data", "postmaster.pid")).First();
            string second;
            await using (var client = await ServerProcess.StartStdioWithArgumentsAsync(["--sandbox-dir", root]))
            {
                second = await client.CallTextAsync("list_schemas");
            }

            Assert.Matches(@"public\tpg_database_owner\t1[0-9]\t", first); // the sample's dozen tables
            Assert.Matches(@"public\tpg_database_owner\t1[0-9]\t", second);
            Assert.Equal(dataCreated, File.GetCreationTimeUtc(Path.Combine(root, "data", "PG_VERSION"))); // not created again
            Assert.Equal(postmaster, File.ReadLines(Path.Combine(root, "data", "postmaster.pid")).First()); // the same server, still running
        }
        finally
        {
            await new LocalCluster(root).StopAsync(CancellationToken.None);
            Directory.Delete(root, recursive: true);
        }
    }
}
