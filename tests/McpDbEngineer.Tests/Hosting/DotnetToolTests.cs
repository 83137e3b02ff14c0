using McpDbEngineer.Tests.Infrastructure;
using ModelContextProtocol.Client;

namespace McpDbEngineer.Tests.Hosting;

[Collection(ProductBuilds.Name)]
public sealed class DotnetToolTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    [Fact]
    public async Task DotnetTool_InstalledFromThePackedPackageServesTools()
    {
        var work = Directory.CreateTempSubdirectory("mcpdb-tool-");
        try
        {
            var project = Path.Combine(RepositoryRoot.Path, "src", "McpDbEngineer", "McpDbEngineer.csproj");
            var packages = Path.Combine(work.FullName, "packages");
            var tools = Path.Combine(work.FullName, "tools");
            await RunAsync(null, "pack", project, "-c", "Release", "-o", packages, "--nologo");
            // A private package cache: the user-wide one may hold an older build of the same version.
            await RunAsync(Path.Combine(work.FullName, "cache"), "tool", "install", "McpDbEngineer", "--tool-path", tools, "--add-source", packages);

            await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
            {
                Name = "installed-tool",
                Command = Path.Combine(tools, "mcp-db-engineer"),
                Arguments = ["serve", "--connection", database.ConnectionString],
            }));
            var text = await client.CallTextAsync("list_schemas");

            Assert.Contains("public\t", text);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task RunAsync(string? packageCache, params string[] arguments)
    {
        var outcome = await ChildProcess.RunDotnetAsync(arguments, environment: packageCache is null ? null : new Dictionary<string, string> { ["NUGET_PACKAGES"] = packageCache });
        Assert.True(outcome.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed:\n{outcome.Stdout}\n{outcome.Stderr}");
    }
}
