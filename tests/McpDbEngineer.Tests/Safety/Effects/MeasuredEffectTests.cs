using System.Text.Json;
using McpDbEngineer.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpDbEngineer.Tests.Safety.Effects;

/// <summary>
/// Three read-write servers over stdio on one sample database: one whose human answers as the test says, one whose
/// human is too slow for a 2-second approval limit, and one whose client cannot ask a human at all.
/// </summary>
public sealed class MeasuredEffectServers : SampleDatabaseFixture, IAsyncLifetime
{
    private McpClient? _asking;
    private McpClient? _hasty;
    private McpClient? _unasked;

    public ScriptedHuman Human { get; } = new();

    /// <summary>What the slow human was asked.</summary>
    public List<string> SlowHumanAsked { get; } = [];

    public string AuditFile { get; } = Path.Combine(Path.GetTempPath(), $"mcpdb-effect-{Guid.NewGuid():N}.jsonl");

    public McpClient Asking => _asking!;

    public McpClient Hasty => _hasty!;

    public McpClient Unasked => _unasked!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        string[] readWrite = ["serve", "--connection", ConnectionString, "--access", "read-write", "--audit", "file", "--audit-file", AuditFile];
        _asking = await ServerProcess.StartStdioWithArgumentsAsync(readWrite, new McpClientOptions
        {
            Handlers = new McpClientHandlers { ElicitationHandler = (request, _) => ValueTask.FromResult(Human.Respond(request!)) },
        });
        _hasty = await ServerProcess.StartStdioWithArgumentsAsync([.. readWrite, "--approval-timeout", "2"], new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                ElicitationHandler = async (request, ct) =>
                {
                    lock (SlowHumanAsked)
                    {
                        SlowHumanAsked.Add(request!.Message);
                    }

                    await Task.Delay(TimeSpan.FromSeconds(8), CancellationToken.None);
                    return ScriptedHuman.Accept("public.slow");
                },
            },
        });
        _unasked = await ServerProcess.StartStdioWithArgumentsAsync(readWrite);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        foreach (var client in new[] { _asking, _hasty, _unasked })
        {
            if (client is not null)
            {
                await client.DisposeAsync();
            }
        }

        File.Delete(AuditFile);
    }

    private readonly HashSet<string> _setUp = [];

    /// <summary>Runs a case's setup once, whichever test needs it first (the cases leave the database as they found it).</summary>
    public async Task SetUpAsync(EffectCase c)
    {
        if (c.Setup.Length > 0 && _setUp.Add(c.Name))
        {
            await ExecuteAsync(c.Setup);
        }
    }

    public IReadOnlyList<JsonElement> AuditOf(string statement) =>
        File.ReadAllLines(AuditFile)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(entry => entry.GetProperty("statement").GetString() == statement)
            .ToList();
}

/// <summary>One read-write call whose effect needs a human: what it needs, what it runs, what the human must be told.</summary>
/// <param name="Unvetted">
/// For code the guard cannot read (PL/pgSQL), run as a superuser here: the question comes before it runs, naming that
/// code — what it might do outside the rows could not be measured — so the question holds this instead of the effect.
/// </param>
public sealed record EffectCase(string Name, string Setup, string Sql, string Measured, string[]? Parameters = null, string? Unvetted = null)
{
    public override string ToString() => Name;
}

/// <summary>
/// Read-write mode decides by what a call measurably did in its transaction, not by what its SQL looks like: writes
/// the planner under-estimates, writes hidden in CTEs, COPY, upserts, cascades and functions, and schema changes that
/// make data vanish without a DROP all reach the human with the measured effect, and nothing is committed unless
/// they say yes. Ordinary writes run without a question.
/// </summary>
[Collection(ClusterRoles.Name)]
public sealed class MeasuredEffectTests(MeasuredEffectServers server) : IClassFixture<MeasuredEffectServers>
{
    private const string Hundred = "SELECT g AS id, g % 7 AS kind FROM generate_series(1, 100) g";

    public static TheoryData<EffectCase> Cases() =>
    [
        new("random() the planner cannot estimate", $"CREATE TABLE e_rand AS {Hundred}; ANALYZE e_rand",
            "DELETE FROM e_rand WHERE id > 0 AND random() < 2", "deleted 100 of 100 rows of public.e_rand"),
        new("a WHERE on an expression", $"CREATE TABLE e_expr AS {Hundred}; ANALYZE e_expr",
            "DELETE FROM e_expr WHERE (id * 2) % 1 = 0", "deleted 100 of 100 rows of public.e_expr"),
        new("an InitPlan", $"CREATE TABLE e_init AS {Hundred}; ANALYZE e_init",
            "UPDATE e_init SET kind = 0 WHERE id > (SELECT 0)", "updated 100 of 100 rows of public.e_init"),
        new("a bind value through a subquery", $"CREATE TABLE e_bind AS {Hundred}; ANALYZE e_bind",
            "DELETE FROM e_bind WHERE id > (SELECT $1::int)", "deleted 100 of 100 rows of public.e_bind", ["0"]),
        new("a table never analyzed", $"CREATE TABLE e_fresh AS {Hundred}",
            "DELETE FROM e_fresh WHERE kind >= 0", "deleted 100 of 100 rows of public.e_fresh"),
        new("a partitioned parent",
            "CREATE TABLE e_part (id int, y int) PARTITION BY RANGE (y); CREATE TABLE e_part_a PARTITION OF e_part FOR VALUES FROM (0) TO (50); " +
            "CREATE TABLE e_part_b PARTITION OF e_part FOR VALUES FROM (50) TO (100); INSERT INTO e_part SELECT g, g FROM generate_series(0, 99) g",
            "DELETE FROM e_part WHERE y >= 0", "deleted 50 of 50 rows of public.e_part_a"),
        new("an inheritance parent",
            "CREATE TABLE e_inh (id int); CREATE TABLE e_inh_child () INHERITS (e_inh); INSERT INTO e_inh_child SELECT generate_series(1, 100)",
            "DELETE FROM e_inh WHERE id > 0", "deleted 100 of 100 rows of public.e_inh_child"),
        new("a write inside a CTE", $"CREATE TABLE e_cte AS {Hundred}",
            "WITH d AS (DELETE FROM e_cte WHERE id > 0 RETURNING *) SELECT count(*) FROM d", "deleted 100 of 100 rows of public.e_cte"),
        new("COPY of a DELETE … RETURNING", $"CREATE TABLE e_copy AS {Hundred}",
            "COPY (DELETE FROM e_copy WHERE id > 0 RETURNING id) TO STDOUT", "deleted 100 of 100 rows of public.e_copy"),
        new("an upsert overwriting every row", "CREATE TABLE e_up (id int PRIMARY KEY, v int); INSERT INTO e_up SELECT g, g FROM generate_series(1, 100) g",
            "INSERT INTO e_up SELECT g, 0 FROM generate_series(1, 100) g ON CONFLICT (id) DO UPDATE SET v = excluded.v", "updated 100 of 100 rows of public.e_up"),
        new("several deletes each under the threshold", $"CREATE TABLE e_many AS {Hundred}",
            "DELETE FROM e_many WHERE id <= 8; DELETE FROM e_many WHERE id BETWEEN 9 AND 16; DELETE FROM e_many WHERE id BETWEEN 17 AND 24",
            "deleted 24 of 100 rows of public.e_many"),
        new("a one-row delete that cascades",
            "CREATE TABLE e_cust (id int PRIMARY KEY); INSERT INTO e_cust VALUES (1), (2); " +
            "CREATE TABLE e_ord (id int, cust int REFERENCES e_cust ON DELETE CASCADE); INSERT INTO e_ord SELECT g, CASE WHEN g <= 90 THEN 1 ELSE 2 END FROM generate_series(1, 100) g",
            "DELETE FROM e_cust WHERE id = 1", "deleted 90 of 100 rows of public.e_ord through the cascade from public.e_cust (more than 10% of the table)"),
        new("a function created in the same call", $"CREATE TABLE e_fn AS {Hundred}",
            "CREATE FUNCTION e_wipe() RETURNS int LANGUAGE plpgsql AS $$BEGIN DELETE FROM e_fn; RETURN 1; END$$; SELECT e_wipe()",
            "deleted 100 of 100 rows of public.e_fn", Unvetted: "function e_wipe: it does not exist yet"),
        new("a STABLE wrapper around a volatile delete",
            $"CREATE TABLE e_stable AS {Hundred}; CREATE TABLE e_stable_log (n int); " +
            "CREATE FUNCTION e_wipe_stable() RETURNS int LANGUAGE plpgsql VOLATILE AS $$BEGIN DELETE FROM e_stable; RETURN 1; END$$; " +
            "CREATE FUNCTION e_liar() RETURNS int LANGUAGE plpgsql STABLE AS $$BEGIN RETURN e_wipe_stable(); END$$",
            "INSERT INTO e_stable_log SELECT e_liar()", "deleted 100 of 100 rows of public.e_stable", Unvetted: "function public.e_liar() (plpgsql)"),
        new("a TRUNCATE inside a function created in the same call",
            $"CREATE TABLE e_trunc AS {Hundred}; ANALYZE e_trunc; CREATE TABLE e_trunc_log (n int)",
            "CREATE FUNCTION e_truncate() RETURNS int LANGUAGE plpgsql AS $$BEGIN TRUNCATE e_trunc; RETURN 1; END$$; INSERT INTO e_trunc_log SELECT e_truncate()",
            "emptied table public.e_trunc", Unvetted: "function e_truncate: it does not exist yet"),
        new("three of four rows of a lookup table", "CREATE TABLE e_lookup AS SELECT generate_series(1, 4) AS id",
            "DELETE FROM e_lookup WHERE id < 4", "deleted 3 of 4 rows of public.e_lookup"),
        new("RENAME and an empty lookalike", $"CREATE TABLE e_orders AS {Hundred}",
            "ALTER TABLE e_orders RENAME TO e_orders_old; CREATE TABLE e_orders (id int, kind int)", "renamed table public.e_orders to public.e_orders_old"),
        new("SET SCHEMA", "CREATE SCHEMA e_archive; CREATE TABLE e_moved (id int)",
            "ALTER TABLE e_moved SET SCHEMA e_archive", "moved table public.e_moved to schema e_archive"),
        new("DETACH PARTITION",
            "CREATE TABLE e_det (y int) PARTITION BY RANGE (y); CREATE TABLE e_det_1 PARTITION OF e_det FOR VALUES FROM (0) TO (10); INSERT INTO e_det VALUES (1)",
            "ALTER TABLE e_det DETACH PARTITION e_det_1", "detached partition public.e_det_1 from partitioned table public.e_det"),
        new("NO INHERIT", "CREATE TABLE e_inhp (id int); CREATE TABLE e_inhc () INHERITS (e_inhp); INSERT INTO e_inhc VALUES (1)",
            "ALTER TABLE e_inhc NO INHERIT e_inhp", "removed public.e_inhc from the inheritance children of public.e_inhp"),
        new("ENABLE ROW LEVEL SECURITY", "CREATE TABLE e_rls (id int)",
            "ALTER TABLE e_rls ENABLE ROW LEVEL SECURITY", "enabled row level security on public.e_rls"),
        new("CREATE OR REPLACE VIEW", "CREATE VIEW e_view AS SELECT 1 AS a",
            "CREATE OR REPLACE VIEW e_view AS SELECT 2 AS a", "replaced view public.e_view"),
        new("SET UNLOGGED", "CREATE TABLE e_unl (id int)",
            "ALTER TABLE e_unl SET UNLOGGED", "made table public.e_unl unlogged"),
        new("ALTER SEQUENCE … RESTART", "CREATE SEQUENCE e_seq; SELECT setval('e_seq', 1000)",
            "ALTER SEQUENCE e_seq RESTART", "sequence public.e_seq moved back: its next value is 1, was 1001"),
        new("DISABLE TRIGGER ALL",
            "CREATE TABLE e_trg_ref (id int PRIMARY KEY); CREATE TABLE e_trg (ref int REFERENCES e_trg_ref)",
            "ALTER TABLE e_trg DISABLE TRIGGER ALL", "disabled a foreign-key trigger on e_trg (the key is no longer enforced)"),
        new("GRANT … TO PUBLIC", "CREATE TABLE e_grant (id int)",
            "GRANT SELECT ON e_grant TO PUBLIC", "granted SELECT on table public.e_grant to PUBLIC"),
        new("REVOKE", "CREATE ROLE e_reader; CREATE TABLE e_revoke (id int); GRANT SELECT ON e_revoke TO e_reader",
            "REVOKE SELECT ON e_revoke FROM e_reader", "revoked SELECT on table public.e_revoke from e_reader"),
        new("CREATE FUNCTION … SECURITY DEFINER", "",
            "CREATE FUNCTION e_secdef() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1'", "created SECURITY DEFINER function public.e_secdef()"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AnEffectBeyondPolicy_ReachesTheHumanWithTheMeasuredEffectAndDeclinedChangesNothing(EffectCase c)
    {
        await server.SetUpAsync(c);
        var before = await DatabaseFingerprint.TakeAsync(server.ConnectionString);
        var askedBefore = server.Human.Asked.Count;
        server.Human.Answer = _ => new ElicitResult { Action = "decline" };
        var arguments = new Dictionary<string, object?> { ["sql"] = c.Sql };
        if (c.Parameters is not null)
        {
            arguments["parameters"] = c.Parameters;
        }

        var error = await server.Asking.CallErrorAsync("execute_sql", arguments);

        Assert.Contains("did not approve", error);
        Assert.Equal(askedBefore + 1, server.Human.Asked.Count);
        var asked = server.Human.Asked[^1];
        if (c.Unvetted is null)
        {
            Assert.Contains("measured in its transaction", asked);
            Assert.Contains(c.Measured, asked);
        }
        else
        {
            Assert.Contains("cannot vet", asked);
            Assert.Contains(c.Unvetted, asked);
        }

        Assert.Contains("2 minutes", asked);
        Assert.Empty(before.Differences(await DatabaseFingerprint.TakeAsync(server.ConnectionString)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AnEffectBeyondPolicy_WithoutAHumanToAsk_IsRefusedWithTheMeasuredEffectAndChangesNothing(EffectCase c)
    {
        await server.SetUpAsync(c);
        var before = await DatabaseFingerprint.TakeAsync(server.ConnectionString);
        var arguments = new Dictionary<string, object?> { ["sql"] = c.Sql };
        if (c.Parameters is not null)
        {
            arguments["parameters"] = c.Parameters;
        }

        var error = await server.Unasked.CallErrorAsync("execute_sql", arguments);

        Assert.Contains("needs a human's approval", error);
        Assert.Empty(before.Differences(await DatabaseFingerprint.TakeAsync(server.ConnectionString)));
    }

    [Fact]
    public async Task AMassDeleteTheHumanApproves_IsCommittedAndAuditedWithItsEffect()
    {
        await server.ExecuteAsync("""
            CREATE TABLE a_cust (id int PRIMARY KEY); INSERT INTO a_cust VALUES (1), (2);
            CREATE TABLE a_ord (id int, cust int REFERENCES a_cust ON DELETE CASCADE);
            INSERT INTO a_ord SELECT g, CASE WHEN g <= 90 THEN 1 ELSE 2 END FROM generate_series(1, 100) g;
            """);
        server.Human.Answer = _ => ScriptedHuman.Accept("public.a_ord");
        const string Sql = "DELETE FROM a_cust WHERE id = 1";

        var text = await server.Asking.CallTextAsync("execute_sql", new() { ["sql"] = Sql });

        Assert.Equal("DELETE 1\n", text);
        Assert.Contains("type public.a_ord", server.Human.Asked[^1]);
        Assert.Equal(10L, await server.ScalarAsync("SELECT count(*) FROM a_ord"));
        var entry = Assert.Single(server.AuditOf(Sql));
        Assert.Equal(
            "approved by a human; measured: deleted 1 row of public.a_cust; deleted 90 of 100 rows of public.a_ord through the cascade from public.a_cust",
            entry.GetProperty("decision").GetString());
        Assert.Equal("ok", entry.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task AHumanWhoDoesNotAnswerInTime_LeavesTheDatabaseUnchanged()
    {
        await server.ExecuteAsync("CREATE TABLE slow AS SELECT generate_series(1, 100) AS id");
        const string Sql = "DELETE FROM slow WHERE id > 0";

        var error = await server.Hasty.CallErrorAsync("execute_sql", new() { ["sql"] = Sql });

        Assert.Contains("did not answer within 2 seconds", error);
        Assert.Contains("within 2 seconds it is rolled back", Assert.Single(server.SlowHumanAsked));
        Assert.Equal(100L, await server.ScalarAsync("SELECT count(*) FROM slow"));
        var entry = Assert.Single(server.AuditOf(Sql));
        Assert.Equal("refused: no answer within 2s", entry.GetProperty("decision").GetString());
        Assert.Equal("rolled back", entry.GetProperty("outcome").GetString());
        // The wait ended, and with it the locks: the table takes writes again.
        await server.ExecuteAsync("SET lock_timeout = '1s'; DELETE FROM slow WHERE id = 1");
    }

    [Fact]
    public async Task AClientThatCannotAsk_GetsTheMeasuredEffectAndNothingIsCommitted()
    {
        await server.ExecuteAsync("CREATE TABLE unasked AS SELECT generate_series(1, 100) AS id");

        var error = await server.Unasked.CallErrorAsync("execute_sql", new() { ["sql"] = "DELETE FROM unasked WHERE id > 0" });

        Assert.Contains("needs a human's approval", error);
        Assert.Contains("deleted 100 of 100 rows of public.unasked", error);
        Assert.Contains("Nothing was committed", error);
        Assert.Equal(100L, await server.ScalarAsync("SELECT count(*) FROM unasked"));
    }

    [Fact]
    public async Task AStaticallyDestructiveStatementWithoutAHumanToAsk_IsRefusedBeforeItRuns()
    {
        await server.ExecuteAsync("CREATE TABLE unasked_drop (id int)");
        const string Sql = "DROP TABLE unasked_drop";

        var error = await server.Unasked.CallErrorAsync("execute_sql", new() { ["sql"] = Sql });

        Assert.Contains("needs a human's approval", error);
        Assert.Equal("not run", Assert.Single(server.AuditOf(Sql)).GetProperty("outcome").GetString());
        Assert.NotNull(await server.ScalarAsync("SELECT to_regclass('public.unasked_drop')::text"));
    }

    [Fact]
    public async Task BindParametersWithSeveralStatements_AreRefusedBeforeTheHumanIsAsked()
    {
        await server.ExecuteAsync("CREATE TABLE bind_keep (id int)");
        var askedBefore = server.Human.Asked.Count;
        server.Human.Answer = _ => ScriptedHuman.Accept("bind_keep");

        var error = await server.Asking.CallErrorAsync("execute_sql", new() { ["sql"] = "DROP TABLE bind_keep; SELECT $1", ["parameters"] = new[] { "1" } });

        Assert.Contains("Bind parameters need a single statement", error);
        Assert.Equal(askedBefore, server.Human.Asked.Count);
        Assert.NotNull(await server.ScalarAsync("SELECT to_regclass('public.bind_keep')::text"));
    }

    [Theory]
    [InlineData("INSERT INTO ok_rows VALUES (1001, 1), (1002, 2)", "INSERT 2\n")]
    [InlineData("UPDATE ok_rows SET kind = 5 WHERE id = 3", "UPDATE 1\n")]
    [InlineData("DELETE FROM ok_rows WHERE id = 4", "DELETE 1\n")]
    [InlineData("DELETE FROM ok_lookup WHERE id = 2", "DELETE 1\n")]
    [InlineData("UPDATE ok_rows SET kind = 0 WHERE id BETWEEN 50 AND 89", "UPDATE 40\n")]
    [InlineData("CREATE TABLE ok_new (id int PRIMARY KEY, note text)", "CREATE TABLE\n")]
    [InlineData("CREATE INDEX ok_rows_kind ON ok_rows (kind)", "CREATE INDEX\n")]
    [InlineData("ALTER TABLE ok_rows ADD COLUMN note text DEFAULT 'x'", "ALTER TABLE\n")]
    [InlineData("CREATE FUNCTION ok_twice(i int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT i * 2'", "CREATE FUNCTION\n")]
    public async Task OrdinaryWrites_RunWithoutAQuestion(string sql, string expected)
    {
        await server.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS ok_rows AS SELECT g AS id, g % 7 AS kind FROM generate_series(1, 100) g;
            CREATE TABLE IF NOT EXISTS ok_lookup AS SELECT generate_series(1, 4) AS id;
            """);
        var askedBefore = server.Human.Asked.Count;

        var text = await server.Asking.CallTextAsync("execute_sql", new() { ["sql"] = sql });

        Assert.Equal(expected, text);
        Assert.Equal(askedBefore, server.Human.Asked.Count);
    }
}
