using McpDbEngineer.Tests.Infrastructure;
using Npgsql;

namespace McpDbEngineer.Tests.Safety.Audit;

public sealed class AuditTableTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    [Fact]
    public async Task ReadWriteMode_RecordsStatementsInAnAppendOnlyTable()
    {
        await using (var client = await database.StartServerAsync("--access", "read-write"))
        {
            await client.CallTextAsync("execute_sql", new() { ["sql"] = "UPDATE suppliers SET country = 'DE' WHERE id = 3" });
            await client.CallErrorAsync("execute_sql", new() { ["sql"] = "TRUNCATE reviews" });
            await client.CallTextAsync("explain_query", new() { ["sql"] = "SELECT count(*) FROM suppliers WHERE id = 4" });
        }

        var updates = await database.ScalarAsync(
            "SELECT count(*) FROM mcp_db_engineer.audit_log WHERE statement = 'UPDATE suppliers SET country = ''DE'' WHERE id = 3' AND decision LIKE 'allowed; measured: updated 1 % public.suppliers' AND outcome = 'ok' AND tool = 'execute_sql'");
        var refusals = await database.ScalarAsync(
            "SELECT count(*) FROM mcp_db_engineer.audit_log WHERE statement = 'TRUNCATE reviews' AND decision LIKE 'refused:%'");
        var explainClient = await database.ScalarAsync(
            "SELECT client FROM mcp_db_engineer.audit_log WHERE tool = 'explain_query' AND statement = 'SELECT count(*) FROM suppliers WHERE id = 4'");
        var executeClient = await database.ScalarAsync(
            "SELECT client FROM mcp_db_engineer.audit_log WHERE tool = 'execute_sql' AND statement = 'TRUNCATE reviews'");
        var tampering = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync("DELETE FROM mcp_db_engineer.audit_log"));

        Assert.Equal(1L, updates);
        Assert.Equal(1L, refusals);
        Assert.NotNull(executeClient);
        Assert.Equal(executeClient, explainClient);
        Assert.Contains("append-only", tampering.MessageText);
    }
}
