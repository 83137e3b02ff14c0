using McpDbEngineer.Database;
using McpDbEngineer.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Npgsql;

namespace McpDbEngineer.Tests.Safety.Vetting;

/// <summary>
/// A database someone else wrote, as an attacker would leave it for a superuser-connected agent: every trap calls
/// <c>leak(note)</c>, which writes a row into <c>escaped</c> through dblink — a second connection whose commit no
/// READ ONLY transaction or rollback can undo. If any trap runs, <c>escaped</c> is no longer empty.
/// </summary>
public sealed class HostileDatabase : SampleDatabaseFixture, IAsyncLifetime
{
    public McpClient ReadOnly { get; private set; } = null!;

    public McpClient ReadWrite { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var loopback = new NpgsqlConnectionStringBuilder(ConnectionString);
        var conninfo = $"host={loopback.Host} port={loopback.Port} user={loopback.Username} password={loopback.Password} dbname={loopback.Database}";
        // PostgreSQL's parser cuts the script (the driver would cut BEGIN ATOMIC bodies at their semicolons).
        await using var setup = new NpgsqlConnection(ConnectionString);
        await setup.OpenAsync();
        await SqlScript.ExecuteAsync(setup, $$"""
            CREATE EXTENSION dblink;
            CREATE TABLE escaped (note text);
            CREATE FUNCTION leak(note text) RETURNS int LANGUAGE plpgsql VOLATILE AS $f$
            BEGIN
                PERFORM dblink_exec('{{conninfo}}', format('INSERT INTO escaped VALUES (%L)', note));
                RETURN 1;
            END $f$;
            -- names that start like built-in families, and an overload of a built-in that wins by resolution rules
            CREATE FUNCTION json_leak() RETURNS int LANGUAGE plpgsql AS $f$ BEGIN RETURN leak('json_'); END $f$;
            CREATE FUNCTION array_leak() RETURNS int LANGUAGE plpgsql AS $f$ BEGIN RETURN leak('array_'); END $f$;
            CREATE FUNCTION make_table() RETURNS int LANGUAGE plpgsql AS $f$ BEGIN RETURN leak('make_'); END $f$;
            CREATE FUNCTION public.lower(int) RETURNS int LANGUAGE plpgsql AS $f$ BEGIN RETURN leak('lower(int)'); END $f$;
            CREATE FUNCTION public.random(int) RETURNS int LANGUAGE plpgsql AS $f$ BEGIN RETURN leak('random(int)'); END $f$;
            -- code behind views, operators, aggregates, casts, domains and policies
            CREATE VIEW leaky_view AS SELECT id, leak('view') AS x FROM orders;
            CREATE VIEW outer_view AS SELECT * FROM leaky_view;
            CREATE FUNCTION op_leak(int, int) RETURNS bool LANGUAGE plpgsql AS $f$ BEGIN RETURN leak('operator') = 1; END $f$;
            CREATE OPERATOR ### (leftarg = int, rightarg = int, function = op_leak);
            CREATE FUNCTION agg_leak(int, int) RETURNS int LANGUAGE plpgsql AS $f$ BEGIN RETURN leak('aggregate'); END $f$;
            CREATE AGGREGATE leaky_sum(int) (sfunc = agg_leak, stype = int, initcond = '0');
            CREATE TYPE mood AS ENUM ('ok');
            CREATE FUNCTION to_mood(int) RETURNS mood LANGUAGE plpgsql AS $f$ BEGIN PERFORM leak('cast'); RETURN 'ok'; END $f$;
            CREATE CAST (int AS mood) WITH FUNCTION to_mood(int);
            CREATE DOMAIN leaky_domain AS int CHECK (leak('domain') = 1);
            CREATE TABLE guarded (id int);
            INSERT INTO guarded VALUES (1);
            ALTER TABLE guarded ENABLE ROW LEVEL SECURITY;
            ALTER TABLE guarded FORCE ROW LEVEL SECURITY;
            CREATE POLICY trap ON guarded USING (leak('policy') = 1);
            -- functions that lie: STABLE wrappers around the volatile one, in SQL (readable) and PL/pgSQL (not)
            CREATE FUNCTION stable_sql() RETURNS int STABLE LANGUAGE sql AS 'SELECT leak(''stable sql'')';
            CREATE FUNCTION stable_plpgsql() RETURNS int STABLE LANGUAGE plpgsql AS $f$ BEGIN RETURN leak('stable plpgsql'); END $f$;
            CREATE FUNCTION atomic_leak() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT leak('atomic'); END;
            CREATE FUNCTION sql_dblink() RETURNS int LANGUAGE sql AS $f$ SELECT length(dblink_exec('{{conninfo}}', 'INSERT INTO escaped VALUES (''sql'')')) $f$;
            CREATE FUNCTION definer_leak() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT leak(''definer'')';
            -- SQL bodies that reach beyond the database without any user function
            CREATE FUNCTION atomic_export() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT lo_export(lo_from_bytea(0, 'x'), '/tmp/mcpdb-hostile-atomic'); END;
            CREATE FUNCTION copy_out() RETURNS int LANGUAGE sql AS $f$ COPY (SELECT 1) TO '/tmp/mcpdb-hostile-copy'; SELECT 1 $f$;
            CREATE VIEW exporting AS SELECT lo_export(lo_from_bytea(0, 'x'), '/tmp/mcpdb-hostile-view') AS x;
            -- an index whose operator class compares with PL/pgSQL, and an index expression that runs on every insert
            CREATE FUNCTION evil_cmp(int, int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $f$ BEGIN PERFORM leak('opclass'); RETURN btint4cmp($1, $2); END $f$;
            CREATE OPERATOR CLASS evil_ops FOR TYPE int USING btree AS
                OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 evil_cmp(int, int);
            CREATE TABLE sorted_by_trap (v int);
            CREATE INDEX ON sorted_by_trap (v evil_ops);
            CREATE FUNCTION index_leak(int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $f$ BEGIN PERFORM leak('index expression'); RETURN $1; END $f$;
            CREATE TABLE indexed_by_trap (id int);
            CREATE INDEX ON indexed_by_trap (index_leak(id));
            -- a foreign table whose rows come from a program the server runs
            CREATE EXTENSION file_fdw;
            CREATE SERVER files FOREIGN DATA WRAPPER file_fdw;
            CREATE FOREIGN TABLE program_rows (line text) SERVER files OPTIONS (program 'touch /tmp/mcpdb-hostile-program; echo x');
            CREATE VIEW program_view AS SELECT * FROM program_rows;
            -- code that runs when rows are written: a default, a CHECK, a trigger
            CREATE TABLE trapped (id int, stamp int DEFAULT leak('default'));
            CREATE TABLE checked (id int CHECK (leak('check') = 1));
            CREATE TABLE triggered (id int);
            CREATE FUNCTION trigger_leak() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN PERFORM leak('trigger'); RETURN NEW; END $f$;
            CREATE TRIGGER trap BEFORE INSERT ON triggered FOR EACH ROW EXECUTE FUNCTION trigger_leak();
            -- triggers reached only through a cascading foreign key or a partition
            CREATE TABLE trap_parent (id int PRIMARY KEY);
            CREATE TABLE trap_child (parent int REFERENCES trap_parent ON DELETE CASCADE);
            INSERT INTO trap_parent VALUES (1);
            INSERT INTO trap_child VALUES (1);
            CREATE TRIGGER trap AFTER DELETE ON trap_child FOR EACH ROW EXECUTE FUNCTION trigger_leak();
            CREATE TABLE trap_parted (id int) PARTITION BY LIST (id);
            CREATE TABLE trap_part_one PARTITION OF trap_parted FOR VALUES IN (1);
            CREATE TRIGGER trap BEFORE INSERT ON trap_part_one FOR EACH ROW EXECUTE FUNCTION trigger_leak();
            -- code that maintenance runs: ANALYZE evaluates index and statistics expressions, REINDEX index expressions
            CREATE TABLE analyzed_by_trap (id int);
            CREATE INDEX analyzed_by_trap_idx ON analyzed_by_trap (index_leak(id));
            CREATE TABLE stats_by_trap (id int);
            INSERT INTO stats_by_trap VALUES (1);
            CREATE STATISTICS stats_trap ON (index_leak(id)) FROM stats_by_trap;
            -- what must keep working
            CREATE FUNCTION order_count() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM orders';
            """, CancellationToken.None);
        // A row for ANALYZE and REINDEX to evaluate the trap on; adding it runs the trap once (escaped exists by now).
        await SqlScript.ExecuteAsync(setup, "INSERT INTO analyzed_by_trap VALUES (1); DELETE FROM escaped", CancellationToken.None);
        ReadOnly = await ServerProcess.StartStdioAsync(ConnectionString, "--audit", "file", "--audit-file", Path.Combine(Path.GetTempPath(), $"hostile-{Guid.NewGuid():N}.jsonl"));
        ReadWrite = await ServerProcess.StartStdioAsync(
            ConnectionString, "--access", "read-write", "--audit", "file", "--audit-file", Path.Combine(Path.GetTempPath(), $"hostile-{Guid.NewGuid():N}.jsonl"));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await ReadOnly.DisposeAsync();
        await ReadWrite.DisposeAsync();
    }

    public static readonly string[] Traps =
    [
        "SELECT json_leak()",
        "SELECT array_leak()",
        "SELECT make_table()",
        "SELECT lower(1)",
        "SELECT random(1)",
        "SELECT * FROM leaky_view",
        "SELECT count(*) FROM outer_view",
        "SELECT table_to_xml('leaky_view', true, false, '')",
        "SELECT database_to_xml(true, false, '')",
        "SELECT 1 ### 2",
        "SELECT id FROM orders WHERE id::int ### 1",
        "SELECT leaky_sum(id::int) FROM orders",
        "SELECT 1::mood",
        "SELECT 1::leaky_domain",
        "SELECT * FROM guarded",
        "SELECT stable_sql()",
        "SELECT stable_plpgsql()",
        "SELECT id FROM orders WHERE id = stable_plpgsql()",
        "SELECT atomic_leak()",
        "SELECT sql_dblink()",
        "SELECT definer_leak()",
        "SELECT * FROM dblink('dbname=postgres', 'SELECT 1') AS t(a int)",
        "WITH x AS (SELECT lower(2) AS v) SELECT v FROM x",
        "SELECT (SELECT max(x) FROM leaky_view)",
        "SELECT atomic_export()",
        "SELECT copy_out()",
        "SELECT * FROM exporting",
        "SELECT * FROM program_rows",
        "SELECT count(*) FROM program_view",
        "SELECT * FROM sorted_by_trap WHERE v = 1",
    ];

    /// <summary>Writes that run hidden code: read-write mode must not run them without a human.</summary>
    public static readonly string[] WriteTraps =
    [
        "INSERT INTO trapped (id) VALUES (1)",
        "INSERT INTO checked VALUES (1)",
        "INSERT INTO triggered VALUES (1)",
        "WITH x AS (INSERT INTO triggered VALUES (2) RETURNING id) SELECT * FROM x",
        "INSERT INTO public.triggered SELECT 3",
        "INSERT INTO indexed_by_trap VALUES (1)",
        "INSERT INTO sorted_by_trap VALUES (1)",
        "DELETE FROM trap_parent WHERE id = 1",
        "INSERT INTO trap_parted VALUES (1)",
        "ANALYZE analyzed_by_trap",
        "ANALYZE public.stats_by_trap (id)",
        "VACUUM (ANALYZE) analyzed_by_trap",
        "VACUUM stats_by_trap, analyzed_by_trap",
        "REINDEX INDEX analyzed_by_trap_idx",
        "REINDEX TABLE CONCURRENTLY analyzed_by_trap",
        "CREATE INDEX CONCURRENTLY ON analyzed_by_trap (index_leak(id + 1))",
    ];

    public static readonly string[] LegitimateReads =
    [
        "SELECT lower('ABC')",
        "SELECT lower(email) FROM customers ORDER BY id LIMIT 1",
        "SELECT count(*) FROM orders",
        "SELECT random() < 2",
        "SELECT now() IS NOT NULL",
        "SELECT json_build_object('a', 1)",
        "SELECT array_length(ARRAY[1, 2], 1)",
        "SELECT count(*) FROM pg_stat_activity",
        "SELECT count(*) FROM information_schema.tables",
        "SELECT order_count()",
        "SELECT id FROM orders WHERE id = $1",
        "WITH recent AS (SELECT id FROM orders ORDER BY id DESC LIMIT 5) SELECT count(*) FROM recent",
        "SELECT id, row_number() OVER (ORDER BY id) FROM orders LIMIT 3",
        "SELECT count(*) FROM triggered",
        "SELECT count(*) FROM trapped",
    ];
}

/// <summary>
/// The read-only promise against a hostile database and a superuser connection: no trap's code runs — not through a
/// name that looks built in, an overload, a view, an operator, an aggregate, a cast, a domain, a policy or a STABLE
/// wrapper — through execute_sql, explain_query with or without analyze, or a read-write server without a human.
/// </summary>
public sealed class HostileDatabaseTests(HostileDatabase database) : IClassFixture<HostileDatabase>
{
    [Fact]
    public async Task ExecuteSql_ReadOnly_RunsNoTrapAndChangesNothing()
    {
        await ExpectEveryTrapRefusedAsync(database.ReadOnly, "execute_sql", sql => new() { ["sql"] = sql });
    }

    [Fact]
    public async Task ExplainQuery_WithoutAnalyze_RunsNoTrapWhilePlanning()
    {
        await ExpectEveryTrapRefusedAsync(database.ReadOnly, "explain_query", sql => new() { ["sql"] = sql, ["analyze"] = false });
    }

    [Fact]
    public async Task ExplainQuery_WithAnalyze_RunsNoTrap()
    {
        await ExpectEveryTrapRefusedAsync(database.ReadOnly, "explain_query", sql => new() { ["sql"] = sql, ["analyze"] = true });
    }

    [Fact]
    public async Task ExecuteSql_ReadWriteWithoutAHuman_RunsNoTrap()
    {
        await ExpectEveryTrapRefusedAsync(database.ReadWrite, "execute_sql", sql => new() { ["sql"] = sql }, [.. HostileDatabase.Traps, .. HostileDatabase.WriteTraps]);
    }

    [Fact]
    public async Task ExecuteSql_ReadWrite_AWriteToATableWithoutHiddenCodeRunsWithoutAsking()
    {
        var text = await database.ReadWrite.CallTextAsync("execute_sql", new() { ["sql"] = "INSERT INTO suppliers (name, country) VALUES ('Plain Supply', 'NL')" });

        Assert.Contains("INSERT 1", text);
    }

    [Fact]
    public async Task ExecuteSql_ReadOnly_LegitimateReadsStillRun()
    {
        var failures = new List<string>();
        foreach (var sql in HostileDatabase.LegitimateReads)
        {
            var arguments = new Dictionary<string, object?> { ["sql"] = sql };
            if (sql.Contains("$1", StringComparison.Ordinal))
            {
                arguments["parameters"] = new[] { "1" };
            }

            var (isError, text) = await CallAsync(database.ReadOnly, "execute_sql", arguments);
            if (isError)
            {
                failures.Add($"{sql}\n    {text}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM escaped"));
    }

    [Fact]
    public async Task ExecuteSql_ReadOnly_SaysWhichCodeAndThroughWhat()
    {
        var view = await database.ReadOnly.CallErrorAsync("execute_sql", new() { ["sql"] = "SELECT * FROM leaky_view" });
        var overload = await database.ReadOnly.CallErrorAsync("execute_sql", new() { ["sql"] = "SELECT lower(1)" });
        var dblink = await database.ReadOnly.CallErrorAsync("execute_sql", new() { ["sql"] = "SELECT sql_dblink()" });
        var opclass = await database.ReadOnly.CallErrorAsync("execute_sql", new() { ["sql"] = "SELECT * FROM sorted_by_trap WHERE v = 1" });
        var indexExpression = await database.ReadWrite.CallErrorAsync("execute_sql", new() { ["sql"] = "INSERT INTO indexed_by_trap VALUES (1)" });
        var cascade = await database.ReadWrite.CallErrorAsync("execute_sql", new() { ["sql"] = "DELETE FROM trap_parent WHERE id = 1" });

        Assert.Contains("public.leak(note text) (plpgsql) (through view public.leaky_view)", view);
        Assert.Contains("public.lower(integer) (plpgsql)", overload);
        Assert.Contains("dblink", dblink);
        Assert.Contains("Nothing run through this server may reach", dblink);
        Assert.Contains("public.evil_cmp(integer, integer) (plpgsql) (through an index of public.sorted_by_trap)", opclass);
        Assert.Contains("public.index_leak(integer) (plpgsql) (through an index expression of public.indexed_by_trap)", indexExpression);
        Assert.Contains("public.trigger_leak() (plpgsql) (through a trigger on public.trap_child)", cascade);
    }

    private async Task ExpectEveryTrapRefusedAsync(
        McpClient client, string tool, Func<string, Dictionary<string, object?>> arguments, IReadOnlyList<string>? traps = null)
    {
        traps ??= HostileDatabase.Traps;
        var before = await DatabaseFingerprint.TakeAsync(database.ConnectionString);
        var failures = new List<string>();
        foreach (var sql in traps)
        {
            var (isError, text) = await CallAsync(client, tool, arguments(sql));
            if (!isError)
            {
                failures.Add($"{sql}\n    RAN: {text}");
            }
            else if (!text.StartsWith("Refused", StringComparison.Ordinal))
            {
                failures.Add($"{sql}\n    failed, not refused by the guard: {text}");
            }
        }

        var escaped = await database.ScalarAsync("SELECT string_agg(note, ', ') FROM escaped");
        Assert.Empty(Directory.GetFiles("/tmp", "mcpdb-hostile-*"));
        Assert.True(escaped is null, $"trap code ran and escaped the transaction: {escaped}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {traps.Count} traps:\n{string.Join("\n", failures)}");
        Assert.Empty(before.Differences(await DatabaseFingerprint.TakeAsync(database.ConnectionString)));
    }

    private static async Task<(bool IsError, string Text)> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        return (result.IsError == true, string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text)));
    }
}
