using McpDbEngineer.Indexes;
using McpDbEngineer.Safety.Guard;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Indexes;

public sealed class WorkloadWithoutStatStatementsTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    [Fact]
    public async Task Recommend_WithoutQueriesAndWithoutTheExtension_SaysToPassQueriesOrCreateIt()
    {
        await database.ExecuteAsync("DROP EXTENSION IF EXISTS pg_stat_statements");
        await using var services = new ServerServices(database.ConnectionString);

        var error = await Assert.ThrowsAsync<ToolException>(() => services.Get<IndexAdvisor>().RecommendAsync(
            new IndexAdviceRequest(), sql => new SqlRequest("recommend_indexes", sql, SqlIntent.ExplainEach), default));

        Assert.StartsWith("Without queries, recommend_indexes reads the workload from pg_stat_statements, which is not installed in this database. Either pass the queries (queries: [...]), or: 1. run CREATE EXTENSION pg_stat_statements; in this database; then 2. let the application run a while, and call again.", error.Message);
    }
}
