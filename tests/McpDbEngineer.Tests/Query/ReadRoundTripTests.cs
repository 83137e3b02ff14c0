using McpDbEngineer.Tests.Infrastructure;
using ModelContextProtocol.Client;
using Npgsql;

namespace McpDbEngineer.Tests.Query;

/// <summary>
/// A read through execute_sql goes to PostgreSQL as one batch (BEGIN, limits, the statements, ROLLBACK), counted on
/// the wire by a proxy between the server and the cluster, with every limit still in force and the connection left
/// clean whatever happens in the batch.
/// </summary>
public sealed class ReadRoundTripTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    [Fact]
    public async Task ExecuteSql_ASelectCostsOneRoundTrip_WithTheTransactionAndItsLimitsInIt()
    {
        await using var proxy = new SwitchableProxy(database.Connection.Port, enabled: true);
        await using var client = await StartThroughAsync(proxy, "one-trip");
        await client.CallTextAsync("execute_sql", new() { ["sql"] = "SELECT 1" }); // connects and loads the types once

        proxy.ResetObserved();
        var one = await client.CallTextAsync("execute_sql", new() { ["sql"] = "SELECT 1 AS one" });
        var (tripsForOne, sent) = (proxy.RoundTrips, proxy.ClientText);
        proxy.ResetObserved();
        var two = await client.CallTextAsync("execute_sql", new() { ["sql"] = "SELECT 1 AS one; SELECT 'b' AS two" });
        var tripsForTwo = proxy.RoundTrips;

        Assert.Equal(1, tripsForOne);
        Assert.Equal(1, tripsForTwo);
        Assert.Equal("one:int4\n1\n(1 row)\n", DataBlock.Inside(one));
        Assert.Equal("one:int4\n1\n(1 row)\ntwo:text\nb\n(1 row)\n", DataBlock.Inside(two));
        string[] inOrder = ["BEGIN", "set_config('transaction_read_only'", "set_config('statement_timeout'", "set_config('lock_timeout'",
            "set_config('idle_in_transaction_session_timeout'", "set_config('role'", "SELECT 1 AS one", "ROLLBACK"];
        var positions = inOrder.Select(part => sent.IndexOf(part, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public async Task ExecuteSql_ABatchedReadAfterVettingRunsWithEveryLimitReadOnly()
    {
        await using var proxy = new SwitchableProxy(database.Connection.Port, enabled: true);
        await using var client = await StartThroughAsync(proxy, "limits", "--command-timeout", "7");

        var settings = await client.CallTextAsync("execute_sql", new()
        {
            ["sql"] = "SELECT current_setting('statement_timeout') AS st, current_setting('lock_timeout') AS lt, " +
                      "current_setting('idle_in_transaction_session_timeout') AS it, current_setting('transaction_read_only') AS ro",
        });

        Assert.Contains("\n7s\t5s\t7s\ton\n", DataBlock.Inside(settings));
    }

    [Fact]
    public async Task ExecuteSql_AFailedOrStoppedReadLeavesItsOnlyConnectionRolledBack()
    {
        const string applicationName = "roundtrip-pool-of-one";
        await using var proxy = new SwitchableProxy(database.Connection.Port, enabled: true);
        await using var client = await StartThroughAsync(proxy, applicationName, "--command-timeout", "5");

        // Fails at bind, in the one-trip batch, after BEGIN and the limits.
        var failedInOneTrip = await client.CallErrorAsync("execute_sql", new() { ["sql"] = "SELECT NOT $1", ["parameters"] = new[] { "maybe" } });
        var afterOneTrip = await ConnectionStateAsync(applicationName);
        var next = await client.CallTextAsync("execute_sql", new() { ["sql"] = "SELECT 41 + 1 AS answer" });
        // Fails on its third row, in the batch sent after the vetting.
        var failedAfterVetting = await client.CallErrorAsync("execute_sql", new() { ["sql"] = "SELECT 1 / (g - 3) FROM generate_series(1, 5) g" });
        var afterVetted = await ConnectionStateAsync(applicationName);
        var stopped = await client.CallTextAsync("execute_sql", new()
        {
            ["sql"] = "SELECT a.g FROM generate_series(1, 100000) a(g) CROSS JOIN generate_series(1, 100000) b(g)",
            ["max_rows"] = 10,
        });
        var afterStop = await ConnectionStateAsync(applicationName);
        var last = await client.CallTextAsync("execute_sql", new() { ["sql"] = "SELECT 43 AS answer" });

        Assert.Contains("22P02", failedInOneTrip);
        Assert.Equal("idle", afterOneTrip);
        Assert.Contains("\n42\n", next);
        Assert.Contains("22012", failedAfterVetting);
        Assert.Equal("idle", afterVetted);
        Assert.Contains("(10 rows; more than 10000 further rows cut", stopped);
        Assert.Equal("idle", afterStop);
        Assert.Contains("\n43\n", last);
    }

    /// <summary>The server through the proxy, with a pool of one connection named for the test.</summary>
    private Task<McpClient> StartThroughAsync(SwitchableProxy proxy, string applicationName, params string[] arguments)
    {
        var viaProxy = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Port = proxy.Port,
            MaxPoolSize = 1,
            ApplicationName = applicationName,
        };
        return ServerProcess.StartStdioAsync(viaProxy.ConnectionString, arguments);
    }

    /// <summary>The state of the server's one backend: "idle" once its transaction has ended, whatever ended it.</summary>
    private async Task<string?> ConnectionStateAsync(string applicationName) =>
        (string?)await database.ScalarAsync($"SELECT string_agg(state, ',') FROM pg_stat_activity WHERE application_name = '{applicationName}'");
}
