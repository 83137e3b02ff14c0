using McpDbEngineer.Tests.Infrastructure;
using ModelContextProtocol.Client;

namespace McpDbEngineer.Tests.Safety.Guard;

/// <summary>
/// A database with PL/pgSQL helpers (code the guard cannot read) and a restricted role set up with the SQL the server
/// prints: read-only statements run as that role, so a helper that only reads may run, and one that writes cannot.
/// </summary>
public sealed class RestrictedRoleDatabase : SampleDatabaseFixture, IAsyncLifetime
{
    /// <summary>Roles belong to the whole cluster: a name of this fixture's own keeps other tests' servers as they were.</summary>
    public string Reader { get; } = $"reader_{Guid.NewGuid():N}"[..20];

    public string Login { get; } = $"login_{Guid.NewGuid():N}"[..20];

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var (exitCode, sql, _) = await ChildProcess.RunServerAsync(["restricted-role-sql", "--restricted-role", Reader, "--login", Login]);
        Assert.Equal(0, exitCode);
        await ExecuteAsync(sql);
        await ExecuteAsync("""
            CREATE FUNCTION count_orders_pl() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN (SELECT count(*) FROM orders); END $$;
            CREATE FUNCTION wipe_pl() RETURNS int LANGUAGE plpgsql VOLATILE AS $$ BEGIN DELETE FROM order_items; RETURN 1; END $$;
            CREATE SEQUENCE probes_seen;
            """);
    }

    async Task IAsyncLifetime.DisposeAsync() => await Task.CompletedTask;

    /// <summary>A server connected as the superuser, told to run statements as the reader.</summary>
    public Task<McpClient> StartAsync(params string[] arguments) => StartAsync(ConnectionString, arguments);

    /// <summary>A server connected as the least-privilege login, which can do nothing but become the reader.</summary>
    public async Task<McpClient> StartAsLoginAsync(params string[] arguments)
    {
        await ExecuteAsync($"ALTER ROLE \"{Login}\" PASSWORD 'login-secret'");
        return await StartAsync(new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Username = Login, Password = "login-secret" }.ConnectionString, arguments);
    }

    private Task<McpClient> StartAsync(string connectionString, string[] arguments) =>
        ServerProcess.StartStdioAsync(connectionString, ["--restricted-role", Reader, "--audit", "file", "--audit-file", Path.Combine(Path.GetTempPath(), $"restricted-{Guid.NewGuid():N}.jsonl"), .. arguments]);
}

[Collection(ClusterRoles.Name)]
public sealed class RestrictedRoleTests(RestrictedRoleDatabase database) : IClassFixture<RestrictedRoleDatabase>
{
    [Fact]
    public async Task RestrictedRoleSql_CreatesAReaderThatCanReadEverythingAndChangeNothing()
    {
        Assert.Equal(true, await database.ScalarAsync($"SELECT pg_has_role('{database.Reader}', 'pg_read_all_data', 'USAGE')"));
        Assert.Equal(false, await database.ScalarAsync($"SELECT rolsuper OR rolcanlogin OR rolbypassrls FROM pg_roles WHERE rolname = '{database.Reader}'"));
        Assert.Equal(true, await database.ScalarAsync($"SELECT pg_has_role('{database.Login}', '{database.Reader}', 'MEMBER')"));
        Assert.Equal(false, await database.ScalarAsync($"SELECT rolinherit FROM pg_roles WHERE rolname = '{database.Login}'"));
    }

    [Fact]
    public async Task ASuperuserConnectionIsSaidLoudlyInInitializeAndListSchemas()
    {
        await using var unprotected = await database.StartServerAsync("--restricted-role", "no_such_reader", "--audit", "file", "--audit-file", Path.Combine(Path.GetTempPath(), $"restricted-{Guid.NewGuid():N}.jsonl"));
        await using var protectedByRole = await database.StartAsync();

        var schemas = await unprotected.CallTextAsync("list_schemas");

        Assert.StartsWith("WARNING: the server connects as", unprotected.ServerInstructions);
        Assert.Contains("a superuser", unprotected.ServerInstructions);
        Assert.Contains("restricted-role-sql", unprotected.ServerInstructions);
        Assert.StartsWith("WARNING: the server connects as", schemas);
        Assert.Contains("public", schemas);
        Assert.StartsWith($"Note: the server connects as", protectedByRole.ServerInstructions);
        Assert.Contains($"run as the restricted role {database.Reader}", protectedByRole.ServerInstructions);
    }

    [Fact]
    public async Task TheLeastPrivilegeLogin_GetsNoWarningAndRunsStatementsAsTheReader()
    {
        await using var client = await database.StartAsLoginAsync();

        var schemas = await client.CallTextAsync("list_schemas");
        var who = await client.CallTextAsync("execute_sql", new() { ["sql"] = "SELECT current_user, count(*) FROM orders GROUP BY 1" });

        Assert.DoesNotContain("WARNING", client.ServerInstructions ?? "");
        Assert.DoesNotContain("WARNING", schemas);
        Assert.Contains($"\n{database.Reader}\t", who);
    }

    [Fact]
    public async Task ReadWrite_TriggerCodeRunsUnaskedOnlyForARoleThatCannotLeaveTheDatabase()
    {
        var writer = $"writer_{Guid.NewGuid():N}"[..20];
        await database.ExecuteAsync($$"""
            CREATE TABLE stamped (id int, at timestamptz);
            CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.at := now(); RETURN NEW; END $$;
            CREATE TRIGGER stamp BEFORE INSERT ON stamped FOR EACH ROW EXECUTE FUNCTION stamp();
            CREATE ROLE "{{writer}}" LOGIN PASSWORD 'writer-secret';
            GRANT INSERT, SELECT ON stamped TO "{{writer}}";
            """);
        var asWriter = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = writer, Password = "writer-secret" };
        var audit = Path.Combine(Path.GetTempPath(), $"restricted-{Guid.NewGuid():N}.jsonl");
        await using var writing = await ServerProcess.StartStdioAsync(asWriter.ConnectionString, "--access", "read-write", "--audit", "file", "--audit-file", audit);
        await using var superuser = await database.StartServerAsync("--access", "read-write", "--audit", "file", "--audit-file", audit);

        var ran = await writing.CallTextAsync("execute_sql", new() { ["sql"] = "INSERT INTO stamped (id) VALUES (1)" });
        var asked = await superuser.CallErrorAsync("execute_sql", new() { ["sql"] = "INSERT INTO stamped (id) VALUES (2)" });

        Assert.Contains("INSERT 1", ran);
        Assert.Contains("public.stamp() (plpgsql) (through a trigger on public.stamped)", asked);
        Assert.Equal(1L, await database.ScalarAsync("SELECT count(*) FROM stamped WHERE at IS NOT NULL"));
    }

    [Fact]
    public async Task ReadOnly_StatementsRunAsTheRestrictedRole()
    {
        await using var client = await database.StartAsync();

        var text = await client.CallTextAsync("execute_sql", new() { ["sql"] = "SELECT current_user" });

        Assert.Contains($"\n{database.Reader}\n", text);
    }

    [Fact]
    public async Task ReadOnly_InTheSealedSandbox_AHelperThatReadsRunsAndOneThatWritesCannot()
    {
        var before = await DatabaseFingerprint.TakeAsync(database.ConnectionString);
        await using var client = await database.StartAsLoginAsync();

        var count = await client.CallTextAsync("execute_sql", new() { ["sql"] = "SELECT count_orders_pl()" });
        var wipe = await client.CallErrorAsync("execute_sql", new() { ["sql"] = "SELECT wipe_pl()" });

        Assert.Matches(@"\n\d+\n", count);
        Assert.Matches("permission denied|read-only transaction", wipe);
        Assert.Empty(before.Differences(await DatabaseFingerprint.TakeAsync(database.ConnectionString)));
    }

    [Fact]
    public async Task ReadOnly_SwitchedFromASuperuser_AHelperCannotResetTheRoleAndWriteAFile()
    {
        // SET LOCAL ROLE is no seal when the session's own user is a superuser: RESET ROLE in a helper takes it back, and
        // a superuser may write the server's files (or run programs) even in a READ ONLY transaction.
        var proof = Path.Combine(Path.GetTempPath(), $"mcpdb-reset-role-{Guid.NewGuid():N}");
        await database.ExecuteAsync($$"""
            CREATE FUNCTION back_to_session_user() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
            BEGIN
                RESET ROLE;
                EXECUTE format('COPY (SELECT current_user) TO %L', '{{proof}}');
                RETURN current_user;
            END $$;
            """);
        try
        {
            await using var superuser = await database.StartAsync();

            var refused = await superuser.CallErrorAsync("execute_sql", new() { ["sql"] = "SELECT back_to_session_user()" });

            Assert.False(File.Exists(proof), "a helper went back to the superuser and wrote a file on the database server");
            Assert.Contains("back_to_session_user", refused);
            Assert.Contains("cannot vet", refused);
            Assert.Contains("a helper may RESET ROLE to the login", refused);
        }
        finally
        {
            await database.ExecuteAsync("DROP FUNCTION back_to_session_user()");
            File.Delete(proof);
        }
    }

    [Fact]
    public async Task ReadOnly_ALoginThatMayBecomeAServerFileRole_IsNoSandbox()
    {
        // Not inherited, so not among the reader's privileges; but SET ROLE reaches it. (Here the READ ONLY transaction
        // happens to stop the temporary table; before the login was judged too, the helper did run as that role.)
        var login = $"filer_{Guid.NewGuid():N}"[..20];
        await database.ExecuteAsync($$"""
            CREATE ROLE "{{login}}" LOGIN NOINHERIT PASSWORD 'filer-secret';
            GRANT "{{database.Reader}}" TO "{{login}}";
            GRANT pg_read_server_files TO "{{login}}";
            CREATE FUNCTION read_server_file() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
            BEGIN
                SET LOCAL ROLE pg_read_server_files;
                CREATE TEMP TABLE server_file (line text);
                COPY server_file FROM '/etc/hostname';
                RETURN (SELECT string_agg(line, '') FROM server_file);
            END $$;
            """);
        try
        {
            var asFiler = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = login, Password = "filer-secret" };
            await using var client = await ServerProcess.StartStdioAsync(
                asFiler.ConnectionString, "--restricted-role", database.Reader, "--audit", "file", "--audit-file", Path.Combine(Path.GetTempPath(), $"restricted-{Guid.NewGuid():N}.jsonl"));

            var refused = await client.CallErrorAsync("execute_sql", new() { ["sql"] = "SELECT read_server_file()" });

            Assert.Contains("read_server_file", refused);
            Assert.Contains("cannot vet", refused);
            Assert.Contains("a helper may RESET ROLE to the login", refused);
        }
        finally
        {
            await database.ExecuteAsync($"DROP FUNCTION read_server_file(); DROP ROLE \"{login}\"");
        }
    }

    [Fact]
    public async Task ReadOnly_AWayOutOfTheTransactionInTheDatabaseUnsealsTheSandbox()
    {
        await database.ExecuteAsync("CREATE FUNCTION as_owner() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1'");
        try
        {
            await using var client = await database.StartAsLoginAsync();

            var error = await client.CallErrorAsync("execute_sql", new() { ["sql"] = "SELECT count_orders_pl()" });

            Assert.Contains("count_orders_pl", error);
            Assert.Contains("SECURITY DEFINER function public.as_owner()", error);
        }
        finally
        {
            await database.ExecuteAsync("DROP FUNCTION as_owner()");
        }
    }

    [Fact]
    public async Task ReadOnly_WithoutTheRestrictedRole_HelpersRunOnlyWhenADbaTrustsThem()
    {
        await using var unsealed = await database.StartServerAsync("--restricted-role", "", "--audit", "file", "--audit-file", Path.Combine(Path.GetTempPath(), $"restricted-{Guid.NewGuid():N}.jsonl"));
        await using var trusting = await ServerProcess.StartStdioAsync(
            database.ConnectionString, "--restricted-role", "", "--trusted-functions", "public.count_orders_pl", "--audit", "file", "--audit-file", Path.Combine(Path.GetTempPath(), $"restricted-{Guid.NewGuid():N}.jsonl"));

        var refused = await unsealed.CallErrorAsync("execute_sql", new() { ["sql"] = "SELECT count_orders_pl()" });
        var trusted = await trusting.CallTextAsync("execute_sql", new() { ["sql"] = "SELECT count_orders_pl()" });

        Assert.Contains("cannot vet", refused);
        Assert.Matches(@"\n\d+\n", trusted);
    }

    [Fact]
    public async Task ReadOnly_EventTriggersAreNeverFiredByTheGuardsProbe()
    {
        await database.ExecuteAsync("""
            CREATE FUNCTION note_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM nextval('probes_seen'); END $$;
            CREATE EVENT TRIGGER note_ddl ON ddl_command_end EXECUTE FUNCTION note_ddl();
            """);
        try
        {
            await using var client = await database.StartAsync("--restricted-role", "");
            var seenBefore = await database.ScalarAsync("SELECT last_value FROM probes_seen");

            var read = await client.CallTextAsync("execute_sql", new() { ["sql"] = "SELECT count(*) FROM orders WHERE id > $1", ["parameters"] = new[] { "0" } });
            var refused = await client.CallErrorAsync("execute_sql", new() { ["sql"] = "SELECT wipe_pl()" });

            Assert.Matches(@"\n\d+\n", read);
            Assert.Contains("wipe_pl", refused);
            Assert.Equal(seenBefore, await database.ScalarAsync("SELECT last_value FROM probes_seen"));
        }
        finally
        {
            await database.ExecuteAsync("DROP EVENT TRIGGER note_ddl; DROP FUNCTION note_ddl()");
        }
    }
}
