using McpDbEngineer.Explain;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Explain;

/// <summary>A database where hypopg is installed on the server but not created: its own copy, since the test drops it.</summary>
public sealed class QueryExplainerWithoutHypopgTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    [Fact]
    public async Task Explain_HypotheticalIndexesWithoutHypopg_SaysHowToInstallIt()
    {
        await database.ExecuteAsync("DROP EXTENSION IF EXISTS hypopg");
        await using var services = new ServerServices(database.ConnectionString);

        var error = await Assert.ThrowsAsync<ToolException>(() => services.Get<QueryExplainer>().ExplainAsync(
            "SELECT * FROM orders WHERE customer_id = 42", new ExplainOptions { HypotheticalIndexes = ["CREATE INDEX ON orders (customer_id)"] }, default));

        Assert.StartsWith("hypothetical_indexes needs the hypopg extension. hypopg is installed on the server but not in this database: run CREATE EXTENSION hypopg;", error.Message);
    }

    [Fact]
    public async Task Explain_FindingWithAnIndexCandidateWithoutHypopg_SaysHowToInstallItAndWhatWorksMeanwhile()
    {
        await database.ExecuteAsync("DROP EXTENSION IF EXISTS hypopg");
        await using var services = new ServerServices(database.ConnectionString);

        var text = await services.Get<QueryExplainer>().ExplainAsync("SELECT * FROM order_items WHERE product_id = 7", new ExplainOptions(), default);

        Assert.Contains("\n  → CREATE INDEX ON public.order_items (product_id);", text);
        Assert.Contains("\nindex candidates: unproven — hypopg is installed on the server but not in this database: run CREATE EXTENSION hypopg;", text);
        Assert.Contains("compare plans with planner_settings (enable_seqscan=off)", text);
    }
}
