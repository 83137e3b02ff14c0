using McpDbEngineer.Tests.Infrastructure;
using ModelContextProtocol.Protocol;
using Npgsql;

namespace McpDbEngineer.Tests.Shadow;

/// <summary>
/// A shadow copies the target's schema, code included, onto a server on the agent's machine. The target's code must
/// not run there with a superuser's rights: a CHECK that copying sampled rows evaluates, and an event trigger that the
/// next DDL fires, each try to write a file on the shadow server (which only a superuser may do) and leave it as proof.
/// </summary>
public sealed class HostileShadowTests
{
    [Fact]
    public async Task RehearsalWithSampledRows_RunsNoneOfTheTargetsCodeAsASuperuser()
    {
        var proof = Path.Combine(Path.GetTempPath(), $"mcpdb-shadow-proof-{Guid.NewGuid():N}-");
        var target = await TestCluster.CreateEmptyDatabaseAsync("hostileshadow");
        await using (var connection = new NpgsqlConnection(target.ConnectionString))
        {
            await connection.OpenAsync();
            await using var setup = new NpgsqlCommand(
                $"""
                CREATE FUNCTION leave_proof(what text) RETURNS boolean LANGUAGE plpgsql AS $f$
                BEGIN
                    EXECUTE format('COPY (SELECT current_user) TO %L', '{proof}' || what);
                    RETURN true;
                EXCEPTION WHEN insufficient_privilege THEN
                    RETURN true;
                END $f$;
                CREATE TABLE victims (id int PRIMARY KEY);
                INSERT INTO victims SELECT generate_series(1, 5);
                -- NOT VALID: not run on the target's rows; run on every row written from now on.
                ALTER TABLE victims ADD CONSTRAINT victims_proof CHECK (leave_proof('check')) NOT VALID;
                CREATE FUNCTION proof_on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $f$ BEGIN PERFORM leave_proof('event'); END $f$;
                CREATE EVENT TRIGGER proof_on_ddl ON ddl_command_end EXECUTE FUNCTION proof_on_ddl();
                """,
                connection);
            await setup.ExecuteNonQueryAsync();
        }

        await using var client = await ServerProcess.StartStdioAsync(target.ConnectionString, ["--shadow-dir", await TestCluster.ShadowDirectoryAsync()]);
        var result = await client.CallToolAsync(
            "rehearse_migration",
            new Dictionary<string, object?>
            {
                ["up"] = "-- migrate:up\nCREATE INDEX victims_id_idx ON victims (id);\n\n-- migrate:down\nDROP INDEX victims_id_idx;\n",
                ["sample_rows"] = 10,
            });
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));

        Assert.True(result.IsError != true, text);
        Assert.Matches(@", 5 rows sampled; dropped afterwards\n", text);
        Assert.False(File.Exists(proof + "check"), "the CHECK ran as a superuser while the sample was copied");
        Assert.False(File.Exists(proof + "event"), "the event trigger ran as a superuser");
        var shadow = System.Text.RegularExpressions.Regex.Match(text, "mcpdb_shadow_[0-9a-f]{10}").Value;
        Assert.False(await ShadowCluster.ShadowExistsAsync(shadow), $"{shadow}: its database or its owner role (granted SET on a parameter) is left");
    }

    [Fact]
    public async Task ShadowsWithSampledRows_MadeAndDroppedAtOnce_AllSucceedAndLeaveNothing()
    {
        // Each one grants its owner SET on the same parameter and takes it back: one catalog row, changed by all at once.
        var target = await TestCluster.CreateSampleDatabaseAsync("manyshadows");
        await using var services = new ServerServices(target.ConnectionString, new Dictionary<string, string?> { ["Shadow:Directory"] = await TestCluster.ShadowDirectoryAsync() });
        var shadows = services.Get<McpDbEngineer.Shadow.ShadowDatabases>();

        var made = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => shadows.CreateAsync(5, null, CancellationToken.None))));
        await Task.WhenAll(made.Select(shadows.DropAsync));

        Assert.All(made, shadow => Assert.True(shadow.SampledRows > 0, $"{shadow.Name}: no rows sampled"));
        foreach (var shadow in made)
        {
            Assert.False(await ShadowCluster.ShadowExistsAsync(shadow.Name), $"{shadow.Name} is left");
        }
    }
}
