using System.Text.Json;
using McpDbEngineer.Tests.Infrastructure;
using Npgsql;

namespace McpDbEngineer.Tests.Safety.Audit;

/// <summary>
/// A read that fails with a transient error runs again (a READ ONLY transaction repeats nothing), and the audit
/// records every run, not only the last.
/// </summary>
public sealed class RetryAuditTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    [Fact]
    public async Task AReadWhoseConnectionIsKilled_RunsAgainAndEveryRunIsAudited()
    {
        var auditFile = Path.Combine(Path.GetTempPath(), $"mcpdb-retry-{Guid.NewGuid():N}.jsonl");
        const string Sql = "SELECT count(*) AS n FROM generate_series(1, 20000000) g WHERE g > 0";
        try
        {
            await using (var client = await database.StartServerAsync("--audit", "file", "--audit-file", auditFile))
            {
                var call = client.CallTextAsync("execute_sql", new() { ["sql"] = Sql });
                await KillOnceAsync(Sql);

                var text = await call;

                Assert.Contains("20000000", text);
            }

            var outcomes = File.ReadAllLines(auditFile)
                .Select(line => JsonDocument.Parse(line).RootElement)
                .Where(entry => entry.GetProperty("statement").GetString() == Sql)
                .Select(entry => entry.GetProperty("outcome").GetString()!)
                .ToList();
            Assert.Equal(2, outcomes.Count);
            Assert.StartsWith("error (transient, run again): ", outcomes[0]);
            Assert.Equal("ok", outcomes[1]);
        }
        finally
        {
            File.Delete(auditFile);
        }
    }

    /// <summary>Terminates the server's backend once it runs <paramref name="sql"/>, as a failover or a restart would.</summary>
    private async Task KillOnceAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(database.ConnectionString);
        await admin.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query = $1 AND state = 'active' AND pid <> pg_backend_pid()", admin)
            {
                Parameters = { new() { Value = sql } },
            };
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail("the read never started");
    }
}
