using System.Text.Json.Nodes;
using McpDbEngineer.Safety.Hook;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Safety;

public sealed class HookAttackCorpusTests : IDisposable
{
    private readonly string cwd = Directory.CreateTempSubdirectory("hook-corpus-").FullName;

    public void Dispose() => Directory.Delete(cwd, recursive: true);

    public static TheoryData<string> AttackNames() => [.. HookAttackCorpus.Attacks.Select(attack => attack.Name)];

    public static TheoryData<string> LegitimateNames() => [.. HookAttackCorpus.Legitimate.Select(call => call.Name)];

    [Theory]
    [MemberData(nameof(AttackNames))]
    public void EveryAttack_GetsTheExpectedObjectionWithAReasonNamingWhatWasFound(string name)
    {
        var attack = HookAttackCorpus.Attacks.Single(c => c.Name == name);

        var decision = PreToolUseHook.Decide(Payload(attack));

        Assert.True(attack.Expected == decision.Permission, $"{attack.Name}: expected {attack.Expected}, got {decision.Permission} ({decision.Reason})");
        Assert.Contains(attack.Mentions, decision.Reason);
    }

    [Theory]
    [MemberData(nameof(LegitimateNames))]
    public void LegitimateCalls_GetNoObjection(string name)
    {
        var call = HookAttackCorpus.Legitimate.Single(c => c.Name == name);

        var decision = PreToolUseHook.Decide(Payload(call));

        Assert.True(decision.Permission == HookPermission.NoObjection, $"{call.Name}: got {decision.Permission} ({decision.Reason})");
    }

    [Fact]
    public void TheCorpus_CoversEveryClassOfTheIssue()
    {
        string[] classes =
        [
            "psql meta-commands", "DO blocks and function bodies", "command substitution", "sh -c", "ssh", "wrappers", "container wrappers", "xargs",
            "pipes into psql", "heredocs into psql", "SQL in shell variables", "file written and run", "unknown script files", "other clients",
            "migration tools", "Alembic", "Django", "Rails", "TypeORM", "Knex", "Sequelize", "Liquibase", "Flyway", "Prisma", "Ecto", "Laravel", ".psql files",
            "migrations written through Bash", "Edit fragments", "MCP tools of other servers", "mass DELETE or UPDATE with WHERE",
        ];

        Assert.Empty(classes.Except(HookAttackCorpus.Attacks.Select(attack => attack.Class)));
        Assert.All(HookAttackCorpus.Attacks, attack => Assert.NotEqual(HookPermission.NoObjection, attack.Expected));
    }

    [Theory]
    [InlineData("sudo -u postgres psql -c 'DROP TABLE orders'")]
    [InlineData("env PGHOST=db psql -c 'DROP TABLE orders'")]
    [InlineData("nohup psql -c 'DROP TABLE orders'")]
    [InlineData("timeout 30s psql -c 'DROP TABLE orders'")]
    [InlineData("nice -n 10 psql -c 'DROP TABLE orders'")]
    [InlineData("time psql -c 'DROP TABLE orders'")]
    [InlineData("exec psql -c 'DROP TABLE orders'")]
    [InlineData("watch -n 60 psql -c 'DROP TABLE orders'")]
    [InlineData("docker exec -i pg psql -c 'DROP TABLE orders'")]
    [InlineData("docker compose exec db psql -c 'DROP TABLE orders'")]
    [InlineData("podman exec pg psql -c 'DROP TABLE orders'")]
    [InlineData("kubectl exec pg-0 -- psql -c 'DROP TABLE orders'")]
    [InlineData("npx --yes prisma migrate reset")]
    [InlineData("yarn rails db:drop")]
    [InlineData("bundle exec rails db:drop")]
    [InlineData("poetry run python -c \"import psycopg; psycopg.connect().execute('DROP TABLE orders')\"")]
    [InlineData("uv run python -c \"import psycopg; psycopg.connect().execute('DROP TABLE orders')\"")]
    [InlineData("if true; then psql -c 'DROP TABLE orders'; fi")]
    [InlineData("while true; do psql -c 'DROP TABLE orders'; done")]
    [InlineData("{ psql -c 'DROP TABLE orders'; }")]
    [InlineData("(cd /tmp && psql -c 'DROP TABLE orders')")]
    public void EveryWrapperTheDocsName_IsSeenThrough(string command)
    {
        var decision = PreToolUseHook.Decide(Payload(new HookCase(command, "wrappers", "Bash", new JsonObject { ["command"] = command }, HookPermission.Deny)));

        Assert.True(decision.Permission == HookPermission.Deny, $"{command}: got {decision.Permission} ({decision.Reason})");
    }

    [Fact]
    public void AFragmentOfThousandsOfKeywords_IsAskedAboutQuickly()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();

        var decision = PreToolUseHook.Decide(Payload(new HookCase("keywords", "limits", "Bash", new JsonObject { ["command"] = "psql -c '" + string.Concat(Enumerable.Repeat("DELETE ", 50_000)) + "'" }, HookPermission.Ask)));

        Assert.Equal(HookPermission.Ask, decision.Permission);
        Assert.Contains("more than 200 statement starts", decision.Reason);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
    }

    [Fact]
    public void ShellCodeNestedBeyondTheDepthLimit_IsAskedAbout()
    {
        var command = string.Concat(Enumerable.Repeat("$(", 50)) + "psql -c 'DROP TABLE orders'" + new string(')', 50);

        var decision = PreToolUseHook.Decide(Payload(new HookCase("deep", "limits", "Bash", new JsonObject { ["command"] = command }, HookPermission.Ask)));

        Assert.Equal(HookPermission.Ask, decision.Permission);
        Assert.Contains("deeper than the hook follows", decision.Reason);
    }

    [Fact]
    public void TheSameFindingRepeated_IsListedOnce()
    {
        var command = "psql -c '" + string.Concat(Enumerable.Repeat("DROP TABLE x; ", 1_000)) + "'";

        var decision = PreToolUseHook.Decide(Payload(new HookCase("repeated", "limits", "Bash", new JsonObject { ["command"] = command }, HookPermission.Deny)));

        Assert.Equal(HookPermission.Deny, decision.Permission);
        Assert.True(decision.Reason.Length < 400, decision.Reason);
    }

    [Theory]
    [InlineData("sh -c runs psql")]
    [InlineData("a shell variable holds the SQL")]
    [InlineData("Alembic op.drop_table under alembic/versions")]
    [InlineData("an MCP tool's query argument drops a table")]
    public async Task TheRealBinary_DeniesAttacks(string name)
    {
        var outcome = await ChildProcess.RunServerAsync(["hook", "pre-tool-use"], Payload(HookAttackCorpus.Attacks.Single(c => c.Name == name)));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("deny", JsonNode.Parse(outcome.Stdout)!["hookSpecificOutput"]!["permissionDecision"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("an unknown variable holds the SQL")]
    [InlineData("psql deletes rows by a range")]
    [InlineData("a downloaded file is run")]
    public async Task TheRealBinary_AsksWhenItCannotSee(string name)
    {
        var outcome = await ChildProcess.RunServerAsync(["hook", "pre-tool-use"], Payload(HookAttackCorpus.Attacks.Single(c => c.Name == name)));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("ask", JsonNode.Parse(outcome.Stdout)!["hookSpecificOutput"]!["permissionDecision"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("an Alembic migration that adds a column (its downgrade drops it)")]
    [InlineData("psql \\dt")]
    public async Task TheRealBinary_StaysSilentOnLegitimateCalls(string name)
    {
        var outcome = await ChildProcess.RunServerAsync(["hook", "pre-tool-use"], Payload(HookAttackCorpus.Legitimate.Single(c => c.Name == name)));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Empty(outcome.Stdout);
    }

    private string Payload(HookCase call)
    {
        foreach (var (path, content) in call.Files ?? new Dictionary<string, string>())
        {
            var full = Path.Combine(cwd, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        var input = call.Input.DeepClone().AsObject();
        if (input["file_path"] is JsonValue relative && !Path.IsPathRooted(relative.GetValue<string>()))
        {
            input["file_path"] = Path.Combine(cwd, relative.GetValue<string>());
        }

        return new JsonObject
        {
            ["session_id"] = "corpus",
            ["transcript_path"] = "/tmp/transcript.jsonl",
            ["cwd"] = cwd,
            ["permission_mode"] = "default",
            ["hook_event_name"] = "PreToolUse",
            ["tool_name"] = call.Tool,
            ["tool_input"] = input,
        }.ToJsonString();
    }
}
