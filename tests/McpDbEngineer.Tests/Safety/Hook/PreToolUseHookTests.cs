using System.Text.Json;
using System.Text.Json.Nodes;
using McpDbEngineer.Safety.Hook;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Safety.Hook;

public sealed class PreToolUseHookTests : IDisposable
{
    private readonly string cwd = Directory.CreateTempSubdirectory("hook-").FullName;

    public void Dispose() => Directory.Delete(cwd, recursive: true);

    [Theory]
    [InlineData("psql -c \"DROP TABLE orders\"")]
    [InlineData("psql -U app -d shop -c 'TRUNCATE orders'")]
    [InlineData("psql --command=\"DELETE FROM orders\" shop")]
    [InlineData("psql --command 'ALTER TABLE orders DROP COLUMN note'")]
    [InlineData("PGPASSWORD=x psql -h localhost -Atc 'SELECT 1; DROP SCHEMA sales CASCADE'")]
    [InlineData("psql shop <<EOF\nSELECT 1;\nDROP TABLE orders;\nEOF")]
    [InlineData("psql shop <<-'SQL'\n\tUPDATE orders SET total = 0;\n\tSQL\necho done")]
    [InlineData("echo \"DROP DATABASE shop\" | psql postgres")]
    [InlineData("printf 'select 1;\\ndrop table orders;' | psql")]
    [InlineData("psql <<< 'TRUNCATE payments'")]
    [InlineData("cd /tmp && psql -c 'COMMIT; DROP TABLE orders'")]
    [InlineData("bash -c \"psql -c 'DROP TABLE orders'\"")]
    [InlineData("docker exec -i db psql -U postgres -c \"DROP TABLE orders\"")]
    [InlineData("psql -c 'WITH d AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM d'")]
    [InlineData("psql -c 'EXPLAIN ANALYZE DELETE FROM orders'")]
    [InlineData("dropdb shop")]
    public void Bash_DeniesDestructiveSql(string command)
    {
        var decision = Decide(Bash(command));

        Assert.Equal(HookPermission.Deny, decision.Permission);
        Assert.Contains("Blocked destructive SQL", decision.Reason);
    }

    [Theory]
    [InlineData("ls -la")]
    [InlineData("git commit -m 'DROP TABLE is mentioned in a message'")]
    [InlineData("psql -c 'SELECT * FROM orders WHERE id = 1'")]
    [InlineData("psql -c 'CREATE INDEX ON orders (status)'")]
    [InlineData("echo 'SELECT 1' | psql")]
    [InlineData("psql shop <<EOF\n\\set ON_ERROR_STOP on\nSELECT count(*) FROM orders;\nEOF")]
    [InlineData("psql")]
    public void Bash_RaisesNoObjectionWithoutDestructiveSql(string command)
    {
        Assert.Equal(HookPermission.NoObjection, Decide(Bash(command)).Permission);
    }

    [Fact]
    public void Bash_ReadsSqlFilesRelativeToTheEventsCwd()
    {
        File.WriteAllText(Path.Combine(cwd, "cleanup.sql"), "-- clean up\nDELETE FROM events;\n");
        File.WriteAllText(Path.Combine(cwd, "report.sql"), "SELECT count(*) FROM orders;\n");

        Assert.Equal(HookPermission.Deny, Decide(Bash("psql -f cleanup.sql")).Permission);
        Assert.Equal(HookPermission.Deny, Decide(Bash("psql --file=cleanup.sql shop")).Permission);
        Assert.Equal(HookPermission.Deny, Decide(Bash("psql shop < cleanup.sql")).Permission);
        Assert.Equal(HookPermission.Deny, Decide(Bash("cat cleanup.sql | psql shop")).Permission);
        Assert.Equal(HookPermission.NoObjection, Decide(Bash("psql -f report.sql")).Permission);
    }

    [Theory]
    [InlineData("psql -f missing.sql")]
    [InlineData("pg_dump other | psql shop")]
    [InlineData("psql -c 'SELEC 1 FORM orders'")]
    [InlineData("psql -c 'SELECT tablename FROM pg_tables \\gexec'")]
    public void Bash_AsksWhenItCannotTell(string command)
    {
        var decision = Decide(Bash(command));

        Assert.Equal(HookPermission.Ask, decision.Permission);
        Assert.Contains("cannot tell", decision.Reason);
    }

    [Fact]
    public void Write_DeniesTruncateInAMigration()
    {
        var decision = Decide(Event("Write", new JsonObject { ["file_path"] = "/repo/migrations/001.sql", ["content"] = "CREATE TABLE t (id int);\nTRUNCATE orders;\n" }));

        Assert.Equal(HookPermission.Deny, decision.Permission);
        Assert.Contains("TRUNCATE removes every row of orders", decision.Reason);
    }

    [Fact]
    public void Write_AllowsAdditiveMigrations()
    {
        var decision = Decide(Event("Write", new JsonObject { ["file_path"] = "/repo/db/002_add_note.up.sql", ["content"] = "ALTER TABLE orders ADD COLUMN note text;" }));

        Assert.Equal(HookPermission.NoObjection, decision.Permission);
    }

    [Fact]
    public void Write_AsksForDropsInDownMigrations()
    {
        var decision = Decide(Event("Write", new JsonObject { ["file_path"] = "/repo/db/002_add_note.down.sql", ["content"] = "ALTER TABLE orders DROP COLUMN note;" }));

        Assert.Equal(HookPermission.Ask, decision.Permission);
        Assert.Contains("down migration", decision.Reason);
    }

    [Fact]
    public void Write_AsksWhenASqlFileDoesNotParse()
    {
        var decision = Decide(Event("Write", new JsonObject { ["file_path"] = "/repo/query.sql", ["content"] = "SELECT FROM WHERE (" }));

        Assert.Equal(HookPermission.Ask, decision.Permission);
    }

    [Fact]
    public void Write_FindsSqlInsideMigrationCode()
    {
        var destructive = Event("Write", new JsonObject { ["file_path"] = "/repo/app/migrations/0007_cleanup.py", ["content"] = "def upgrade():\n    op.execute(\"DROP TABLE legacy_orders\")\n" });
        var additive = Event("Write", new JsonObject { ["file_path"] = "/repo/app/migrations/0008_note.py", ["content"] = "def upgrade():\n    op.execute(\"ALTER TABLE orders ADD COLUMN note text\")\n" });

        Assert.Equal(HookPermission.Deny, Decide(destructive).Permission);
        Assert.Equal(HookPermission.NoObjection, Decide(additive).Permission);
    }

    [Fact]
    public void Write_IgnoresFilesThatAreNotSqlOrMigrations()
    {
        var decision = Decide(Event("Write", new JsonObject { ["file_path"] = "/repo/README.md", ["content"] = "Run `DROP TABLE orders` to reset." }));

        Assert.Equal(HookPermission.NoObjection, decision.Permission);
    }

    [Fact]
    public void Edit_DeniesDestructiveNewTextButNotFragments()
    {
        var destructive = Event("Edit", new JsonObject { ["file_path"] = "/repo/schema.sql", ["old_string"] = "x", ["new_string"] = "DROP INDEX orders_status_idx;" });
        var fragment = Event("Edit", new JsonObject { ["file_path"] = "/repo/schema.sql", ["old_string"] = "x", ["new_string"] = "  note text NOT NULL," });

        Assert.Equal(HookPermission.Deny, Decide(destructive).Permission);
        Assert.Equal(HookPermission.NoObjection, Decide(fragment).Permission);
    }

    [Fact]
    public void MultiEdit_ChecksEveryEdit()
    {
        var decision = Decide(Event("MultiEdit", new JsonObject
        {
            ["file_path"] = "/repo/db/migrate/20250101_cleanup.sql",
            ["edits"] = new JsonArray(
                new JsonObject { ["old_string"] = "a", ["new_string"] = "SELECT 1;" },
                new JsonObject { ["old_string"] = "b", ["new_string"] = "DELETE FROM payments;" }),
        }));

        Assert.Equal(HookPermission.Deny, decision.Permission);
        Assert.Contains("payments", decision.Reason);
    }

    [Fact]
    public void McpTool_DeniesDestructiveSqlArgument()
    {
        var decision = Decide(Event("mcp__db__execute_sql", new JsonObject { ["sql"] = "DROP TABLE orders" }));

        Assert.Equal(HookPermission.Deny, decision.Permission);
        Assert.Contains("table orders", decision.Reason);
    }

    [Fact]
    public void McpTool_RaisesNoObjectionToReads()
    {
        var decision = Decide(Event("mcp__db-engineer__explain_query", new JsonObject { ["sql"] = "SELECT * FROM orders WHERE id = 1" }));

        Assert.Equal(HookPermission.NoObjection, decision.Permission);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("[1, 2]")]
    [InlineData("{\"tool_name\": 42}")]
    public void MalformedEvent_Asks(string payload)
    {
        Assert.Equal(HookPermission.Ask, PreToolUseHook.Decide(payload).Permission);
    }

    [Fact]
    public void Run_WritesClaudeCodesHookOutput()
    {
        var output = new StringWriter();

        var code = PreToolUseHook.Run(new StringReader(Bash("psql -c 'DROP TABLE orders'")), output);

        Assert.Equal(0, code);
        var hook = JsonNode.Parse(output.ToString())!["hookSpecificOutput"]!;
        Assert.Equal("PreToolUse", hook["hookEventName"]!.GetValue<string>());
        Assert.Equal("deny", hook["permissionDecision"]!.GetValue<string>());
        Assert.Contains("DROP TABLE destroys table orders", hook["permissionDecisionReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Program_DeniesDestructiveSqlThroughTheRealCommand()
    {
        var (code, stdout, stderr) = await RunHookAsync(Bash("psql -c \"DROP TABLE orders\""));

        Assert.Equal(0, code);
        Assert.Empty(stderr);
        var hook = JsonNode.Parse(stdout)!["hookSpecificOutput"]!;
        Assert.Equal("deny", hook["permissionDecision"]!.GetValue<string>());
    }

    [Fact]
    public async Task Program_StaysSilentWhenThereIsNothingToObjectTo()
    {
        var (code, stdout, _) = await RunHookAsync(Bash("ls"));

        Assert.Equal(0, code);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Program_AsksOnMalformedInputWithoutAStackTrace()
    {
        var (code, stdout, stderr) = await RunHookAsync("{not json");

        Assert.Equal(0, code);
        Assert.Equal("ask", JsonNode.Parse(stdout)!["hookSpecificOutput"]!["permissionDecision"]!.GetValue<string>());
        Assert.DoesNotContain("   at ", stdout + stderr);
    }

    private HookDecision Decide(string payload) => PreToolUseHook.Decide(payload);

    private string Bash(string command) => Event("Bash", new JsonObject { ["command"] = command, ["description"] = "test" });

    private string Event(string tool, JsonObject input) => new JsonObject
    {
        ["session_id"] = "abc123",
        ["transcript_path"] = "/tmp/transcript.jsonl",
        ["cwd"] = cwd,
        ["permission_mode"] = "default",
        ["hook_event_name"] = "PreToolUse",
        ["tool_name"] = tool,
        ["tool_input"] = input,
    }.ToJsonString();

    private static async Task<(int Code, string Stdout, string Stderr)> RunHookAsync(string payload)
    {
        var outcome = await ChildProcess.RunServerAsync(["hook", "pre-tool-use"], payload);
        return (outcome.ExitCode, outcome.Stdout, outcome.Stderr);
    }
}
