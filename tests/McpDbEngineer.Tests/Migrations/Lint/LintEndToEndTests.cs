using System.Text.Json;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Migrations.Lint;

/// <summary>The sample database with a large table (a million rows, analyzed) and a small one, for size-aware grading.</summary>
public sealed class LintDatabaseFixture : SampleDatabaseFixture, IAsyncLifetime
{
    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await ExecuteAsync("""
            CREATE TABLE lint_big AS SELECT g AS id, g % 100 AS a FROM generate_series(1, 1000000) g;
            CREATE TABLE lint_small AS SELECT g AS id, g AS a FROM generate_series(1, 10) g;
            ANALYZE lint_big, lint_small;
            """);
    }
}

/// <summary>lint_migration through a real MCP client, and `mcp-db-engineer lint` as a CI script runs it.</summary>
public sealed class LintEndToEndTests(LintDatabaseFixture database) : IClassFixture<LintDatabaseFixture>, IDisposable
{
    private const string BothTables = "SET lock_timeout = '2s';\nCREATE INDEX IF NOT EXISTS big_a ON lint_big (a);\nCREATE INDEX IF NOT EXISTS small_a ON lint_small (a);\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("mcpdb-lint-").FullName;

    [Fact]
    public async Task LintMigration_OverStdio_IsAnErrorOnTheLargeTableAndANoteOnTheSmallOne_AndChangesNothing()
    {
        await using var client = await ServerProcess.StartStdioAsync(database.ConnectionString);

        var tool = Assert.Single(await client.ListToolsAsync(), t => t.Name == "lint_migration");
        var text = await client.CallTextAsync("lint_migration", new Dictionary<string, object?> { ["sql"] = BothTables, ["file"] = "001_indexes.sql" });

        Assert.True(tool.ProtocolTool.Annotations?.ReadOnlyHint);
        Assert.False(tool.ProtocolTool.Annotations?.DestructiveHint);
        Assert.StartsWith("001_indexes.sql: 1 error, 0 warnings, 1 note in 3 statements (graded by live table sizes)\n", text);
        Assert.Matches(@"\n2:1 error index-without-concurrently: CREATE INDEX on lint_big without CONCURRENTLY \[lint_big: \d+MB, ~1000000 rows\]\. lock SHARE: ", text);
        Assert.Contains("\n3:1 note index-without-concurrently: CREATE INDEX on lint_small without CONCURRENTLY [lint_small: ", text);
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM pg_indexes WHERE tablename IN ('lint_big', 'lint_small')"));
    }

    [Fact]
    public async Task LintMigration_TakesDisabledRulesAndTheTransactionAssumption()
    {
        await using var client = await ServerProcess.StartStdioAsync(database.ConnectionString);

        var text = await client.CallTextAsync("lint_migration", new Dictionary<string, object?>
        {
            ["sql"] = "CREATE INDEX CONCURRENTLY ON lint_small (a);\nCREATE INDEX ON lint_big (id);",
            ["assume_in_transaction"] = true,
            ["disable"] = new[] { "missing-lock-timeout" },
        });

        Assert.Contains("\n1:1 error concurrently-in-transaction: CONCURRENTLY inside a transaction block (the file runs in one). ", text);
        Assert.Contains("\n2:1 error index-without-concurrently: ", text);
        Assert.DoesNotContain("missing-lock-timeout", text);
    }

    [Fact]
    public async Task Cli_ExitsOneOnErrors_AndZeroOnACleanMigration()
    {
        var risky = Write("001_risky.sql", "ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();\n");
        var safe = Write("002_safe.sql", "SET lock_timeout = '2s';\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);\n");

        var failing = await ChildProcess.RunServerAsync(["lint", risky, safe]);
        var passing = await ChildProcess.RunServerAsync(["lint", safe]);

        Assert.Equal(1, failing.ExitCode);
        Assert.Contains($"{risky}: 1 error, 1 warning, 1 note in 1 statement (no database: graded by rule, not by table size)", failing.Stdout);
        Assert.Contains("\n1:31 error volatile-default: ADD COLUMN token to orders with default gen_random_uuid(). lock ACCESS EXCLUSIVE, rewrites the table: ", failing.Stdout);
        Assert.Equal(0, passing.ExitCode);
        Assert.Contains($"{safe}: 0 errors, 0 warnings, 0 notes in 2 statements", passing.Stdout);
    }

    [Fact]
    public async Task Cli_ExitsTwoOnBadInput_WithThePositionOfASyntaxError()
    {
        var broken = Write("003_broken.sql", "CREATE INDEX ON orders (status);\nALTER TABLE orders ADD COLUMN ;\n");

        var syntax = await ChildProcess.RunServerAsync(["lint", broken]);
        var missing = await ChildProcess.RunServerAsync(["lint", Path.Combine(_folder, "nope.sql")]);
        var format = await ChildProcess.RunServerAsync(["lint", broken, "--format", "xml"]);

        Assert.Equal(2, syntax.ExitCode);
        Assert.Contains($"{broken}:2:31: syntax error: syntax error at or near \";\"", syntax.Stderr);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.sql: cannot read the file", missing.Stderr);
        Assert.Equal(2, format.ExitCode);
        Assert.Contains("--format must be one of text, json, sarif, github", format.Stderr);
        Assert.DoesNotContain("   at ", syntax.Stderr + missing.Stderr + format.Stderr);
    }

    [Fact]
    public async Task Cli_Sarif_HasTheFieldsCodeScanningRequires()
    {
        var risky = Write("004_risky.sql", "SET lock_timeout = '2s';\nVACUUM FULL orders;\n");

        var outcome = await ChildProcess.RunServerAsync(["lint", risky, "--format", "sarif"]);

        Assert.Equal(1, outcome.ExitCode);
        using var sarif = JsonDocument.Parse(outcome.Stdout);
        var root = sarif.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray().ToList());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("mcp-db-engineer", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        var result = Assert.Single(run.GetProperty("results").EnumerateArray().ToList());
        Assert.Equal("vacuum-full", result.GetProperty("ruleId").GetString());
        Assert.Equal("vacuum-full", rules[result.GetProperty("ruleIndex").GetInt32()]);
        Assert.Equal("error", result.GetProperty("level").GetString());
        Assert.StartsWith("VACUUM FULL orders. lock ACCESS EXCLUSIVE, rewrites the table: ", result.GetProperty("message").GetProperty("text").GetString());
        var location = Assert.Single(result.GetProperty("locations").EnumerateArray().ToList()).GetProperty("physicalLocation");
        Assert.Equal(risky, location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(2, location.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(1, location.GetProperty("region").GetProperty("startColumn").GetInt32());
    }

    [Fact]
    public async Task Cli_GitHubFormat_WritesOneAnnotationPerFinding()
    {
        var risky = Write("005_risky.sql", "SET lock_timeout = '2s';\nALTER TABLE orders RENAME COLUMN status TO state;\n");

        var outcome = await ChildProcess.RunServerAsync(["lint", risky, "--format", "github"]);

        Assert.Equal(0, outcome.ExitCode);
        Assert.StartsWith($"::warning file={risky},line=2,col=1,title=rename-column::RENAME COLUMN status of orders to state. lock ACCESS EXCLUSIVE (brief): ", outcome.Stdout);
        Assert.Single(outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Cli_WithConnection_GradesByLiveTableSize_InJson()
    {
        var migration = Write("006_indexes.sql", BothTables);

        var outcome = await ChildProcess.RunServerAsync(["lint", migration, "--format", "json", "--connection", database.ConnectionString]);

        Assert.Equal(1, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Stdout);
        var findings = json.RootElement.GetProperty("files")[0].GetProperty("findings").EnumerateArray()
            .ToDictionary(f => f.GetProperty("table").GetString()!, f => (f.GetProperty("severity").GetString(), f.GetProperty("table_rows").GetInt64()));
        Assert.Equal(("error", 1_000_000L), findings["lint_big"]);
        Assert.Equal(("note", 10L), findings["lint_small"]);
        Assert.Equal(1, json.RootElement.GetProperty("errors").GetInt32());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string sql)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, sql);
        return path;
    }
}
