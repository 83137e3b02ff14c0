using McpDbEngineer.Schema;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Schema;

public sealed class ListExtensionsTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    [Fact]
    public async Task ListExtensions_ShowsInstalledWithVersionAndSchemaThenAvailableOnes()
    {
        var text = await ListAsync(includeAvailable: true);

        var available = text.IndexOf("available (CREATE EXTENSION name):\n", StringComparison.Ordinal);
        Assert.StartsWith("installed:\nname\tversion\tschema\tnote\n", text, StringComparison.Ordinal);
        Assert.Matches(@"\nvector\t\d+\.\d+\.\d+\tpublic\t[^\n]*vector", text);
        Assert.Matches(@"\nhypopg\t[\d.]+\tpublic\t", text);
        Assert.True(available > 0, text);
        Assert.True(text.IndexOf("\nvector\t", StringComparison.Ordinal) < available);
        Assert.Matches(@"\npg_trgm\t[\d.]+\ttext similarity", text[available..]);
        Assert.DoesNotContain("\nvector\t", text[available..]);
    }

    [Fact]
    public async Task ListExtensions_ListsOnlyInstalledWhenAvailableAreNotWanted()
    {
        var text = await ListAsync(includeAvailable: false);

        Assert.Contains("\nhypopg\t", text);
        Assert.DoesNotContain("available", text);
        Assert.DoesNotContain("pg_trgm", text);
    }

    [Fact]
    public async Task ListExtensions_ShowsAnExtensionOnceItIsCreated()
    {
        await database.ExecuteAsync("CREATE SCHEMA ext; CREATE EXTENSION tablefunc SCHEMA ext");

        var text = await ListAsync(includeAvailable: true);

        Assert.Matches(@"^installed:\n(.*\n)*tablefunc\t[\d.]+\text\t", text);
        Assert.DoesNotMatch(@"available[^\n]*\n(.*\n)*tablefunc\t", text);
    }

    private async Task<string> ListAsync(bool includeAvailable)
    {
        await using var services = new ServerServices(database.ConnectionString);
        return await services.Get<ExtensionLister>().ListAsync(includeAvailable, CancellationToken.None);
    }
}
