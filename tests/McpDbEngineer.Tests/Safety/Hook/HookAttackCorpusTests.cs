using System.Text.Json.Nodes;
using McpDbEngineer.Safety.Hook;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Safety.Hook;

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

    [Theory]
    [InlineData("rails db:drop")]
    [InlineData("rake db:reset")]
    [InlineData("bin/rails db:schema:load")]
    [InlineData("bin/rails db:purge")]
    [InlineData("bin/rails db:truncate_all")]
    [InlineData("bin/rails db:migrate:reset")]
    [InlineData("./manage.py flush")]
    [InlineData("django-admin reset_db")]
    [InlineData("npx prisma migrate reset")]
    [InlineData("npx prisma db push --force-reset")]
    [InlineData("npx sequelize db:drop")]
    [InlineData("npx typeorm schema:drop")]
    [InlineData("flyway clean")]
    [InlineData("liquibase dropAll")]
    [InlineData("liquibase drop-all")]
    [InlineData("migrate -database postgres://x drop")]
    [InlineData("dbmate drop")]
    [InlineData("sqlx database drop")]
    [InlineData("sqlx database reset")]
    [InlineData("diesel database reset")]
    [InlineData("dotnet ef database drop")]
    [InlineData("dotnet-ef database drop")]
    [InlineData("mix ecto.drop")]
    [InlineData("mix ecto.reset")]
    [InlineData("php artisan migrate:fresh")]
    [InlineData("php artisan db:wipe")]
    [InlineData("heroku pg:reset")]
    [InlineData("supabase db reset")]
    [InlineData("bun -e \"await sql.unsafe('DROP TABLE orders')\"")]
    [InlineData("php -r \"pg_query(pg_connect(''), 'DROP TABLE orders');\"")]
    public void EveryDestructiveToolCommandTheDocsName_IsDenied(string command)
    {
        var decision = PreToolUseHook.Decide(Payload(new HookCase(command, "migration tools", "Bash", new JsonObject { ["command"] = command }, HookPermission.Deny)));

        Assert.True(decision.Permission == HookPermission.Deny, $"{command}: got {decision.Permission} ({decision.Reason})");
    }

    [Theory]
    [InlineData("alembic downgrade base")]
    [InlineData("python -m alembic downgrade -1")]
    [InlineData("bin/rails db:rollback")]
    [InlineData("bin/rails db:migrate:down VERSION=1")]
    [InlineData("bin/rails db:migrate:redo")]
    [InlineData("npx knex migrate:rollback --all")]
    [InlineData("npx knex migrate:down")]
    [InlineData("npx sequelize db:migrate:undo:all")]
    [InlineData("npx typeorm migration:revert")]
    [InlineData("npx typeorm schema:sync")]
    [InlineData("flyway undo")]
    [InlineData("liquibase rollbackCount 2")]
    [InlineData("goose reset")]
    [InlineData("goose down-to 3")]
    [InlineData("migrate -database postgres://x down 1")]
    [InlineData("dbmate rollback")]
    [InlineData("sqlx migrate revert")]
    [InlineData("diesel migration revert")]
    [InlineData("diesel migration redo")]
    [InlineData("mix ecto.rollback")]
    [InlineData("php artisan migrate:rollback")]
    [InlineData("php artisan migrate:reset")]
    [InlineData("php artisan migrate:refresh")]
    [InlineData("python manage.py migrate shop zero")]
    public void EveryDownMigrationCommandTheDocsName_IsAskedAbout(string command)
    {
        var decision = PreToolUseHook.Decide(Payload(new HookCase(command, "migration tools", "Bash", new JsonObject { ["command"] = command }, HookPermission.Ask)));

        Assert.True(decision.Permission == HookPermission.Ask, $"{command}: got {decision.Permission} ({decision.Reason})");
    }

    [Theory]
    [InlineData("priv/repo/migrations/1_drop.exs", "defmodule M do\n  use Ecto.Migration\n  def change do\n    alter table(:orders) do\n      remove :note\n    end\n  end\nend\n")]
    [InlineData("priv/repo/migrations/2_drop.exs", "defmodule M do\n  use Ecto.Migration\n  def up do\n    drop index(:orders, [:status])\n  end\nend\n")]
    [InlineData("database/migrations/2025_drop.php", "<?php\nreturn new class extends Migration {\n  public function up(): void { Schema::drop('orders'); }\n};\n")]
    [InlineData("database/migrations/2025_drop2.php", "<?php\nreturn new class extends Migration {\n  public function up(): void { Schema::table('orders', fn ($t) => $t->dropForeign(['customer_id'])); }\n};\n")]
    [InlineData("db/migrate/20250101_x.rb", "class X < ActiveRecord::Migration[7.1]\n  def change\n    remove_reference :orders, :customer\n    remove_foreign_key :orders, :customers\n  end\nend\n")]
    [InlineData("src/migrations/1-x.ts", "export class X { async up(queryRunner) { await queryRunner.clearTable('orders'); } }\n")]
    [InlineData("migrations/1-x.js", "exports.up = (knex) => knex.schema.dropTableIfExists('orders');\n")]
    [InlineData("migrations/2-x.js", "module.exports = { up: (queryInterface) => queryInterface.dropAllTables() };\n")]
    [InlineData("db/changelog/x.xml", "<databaseChangeLog><changeSet id=\"1\"><dropView viewName=\"v\"/></changeSet></databaseChangeLog>\n")]
    [InlineData("shop/migrations/0005_x.py", "from django.db import migrations\nclass Migration(migrations.Migration):\n    operations = [migrations.RemoveIndex(model_name='order', name='idx')]\n")]
    public void EveryDestructiveFrameworkCallTheDocsName_IsDenied(string path, string content)
    {
        var decision = PreToolUseHook.Decide(Payload(new HookCase(path, "frameworks", "Write", new JsonObject { ["file_path"] = path, ["content"] = content }, HookPermission.Deny)));

        Assert.True(decision.Permission == HookPermission.Deny, $"{path}: got {decision.Permission} ({decision.Reason})");
    }

    [Theory]
    [InlineData("db/migrate/20250101_x.rb", "class X < ActiveRecord::Migration[7.1]\n  def up\n    execute sql\n  end\nend\n")]
    [InlineData("db/migrate/20250102_x.rb", "class X < ActiveRecord::Migration[7.1]\n  def up\n    change_column_null :orders, :note, false\n  end\nend\n")]
    [InlineData("migrations/3-x.js", "exports.up = (knex) => knex.raw(cleanupSql);\n")]
    [InlineData("src/migrations/4-x.ts", "export class X { async up(queryRunner) { await queryRunner.query(sql); } }\n")]
    [InlineData("migrations/5-x.js", "module.exports = { up: (queryInterface) => queryInterface.renameColumn('orders', 'total', 'amount') };\n")]
    [InlineData("priv/repo/migrations/3_x.exs", "defmodule M do\n  use Ecto.Migration\n  def change do\n    alter table(:orders) do\n      modify :total, :integer\n    end\n  end\nend\n")]
    [InlineData("priv/repo/migrations/4_x.exs", "defmodule M do\n  use Ecto.Migration\n  def change do\n    rename table(:orders), to: table(:old_orders)\n  end\nend\n")]
    [InlineData("database/migrations/2025_x.php", "<?php\nreturn new class extends Migration {\n  public function up(): void { Schema::table('orders', fn ($t) => $t->renameColumn('total', 'amount')); }\n};\n")]
    [InlineData("database/migrations/2025_y.php", "<?php\nreturn new class extends Migration {\n  public function up(): void { Schema::table('orders', fn ($t) => $t->integer('total')->change()); }\n};\n")]
    [InlineData("db/changelog/x.xml", "<databaseChangeLog><changeSet id=\"1\"><modifyDataType tableName=\"orders\" columnName=\"total\" newDataType=\"int\"/></changeSet></databaseChangeLog>\n")]
    [InlineData("shop/migrations/0006_x.py", "from django.db import migrations\nclass Migration(migrations.Migration):\n    operations = [migrations.RenameField('order', 'total', 'amount')]\n")]
    public void EveryFrameworkCallTheDocsAskAbout_IsAskedAbout(string path, string content)
    {
        var decision = PreToolUseHook.Decide(Payload(new HookCase(path, "frameworks", "Write", new JsonObject { ["file_path"] = path, ["content"] = content }, HookPermission.Ask)));

        Assert.True(decision.Permission == HookPermission.Ask, $"{path}: got {decision.Permission} ({decision.Reason})");
    }

    [Fact]
    public void Make_WithoutATarget_RunsTheFirstRule()
    {
        File.WriteAllText(Path.Combine(cwd, "Makefile"), "reset:\n\tdropdb shop\n\nbuild:\n\tgo build ./...\n");

        var decision = PreToolUseHook.Decide(Payload(new HookCase("make", "project tasks", "Bash", new JsonObject { ["command"] = "make" }, HookPermission.Deny)));

        Assert.Equal(HookPermission.Deny, decision.Permission);
        Assert.Contains("dropdb drops the database shop", decision.Reason);
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
    public void AReasonQuotingHugeText_StaysShort()
    {
        var command = "psql -c \"" + new string('\'', 100_001) + "\"";

        var decision = PreToolUseHook.Decide(Payload(new HookCase("quotes", "limits", "Bash", new JsonObject { ["command"] = command }, HookPermission.Ask)));

        Assert.Equal(HookPermission.Ask, decision.Permission);
        Assert.True(decision.Reason.Length < 1_000, $"{decision.Reason.Length} characters");
    }

    [Fact]
    public void AnEditOfAFileTooBrokenToReadWhole_StillShowsTheDropItAdds()
    {
        var broken = string.Concat(Enumerable.Range(0, 300).Select(i => $"ALTER TABLE t{i} ADD COLUMN c int NOT NULL DEFAULT;\n"));
        Directory.CreateDirectory(Path.Combine(cwd, "db"));
        File.WriteAllText(Path.Combine(cwd, "db", "big.sql"), broken + "-- end\n");
        var edit = new HookCase("big", "Edit fragments", "Edit", new JsonObject { ["file_path"] = "db/big.sql", ["old_string"] = "-- end", ["new_string"] = "DROP TABLE orders;\n-- end" }, HookPermission.Deny);

        var decision = PreToolUseHook.Decide(Payload(edit));

        Assert.Equal(HookPermission.Deny, decision.Permission);
        Assert.Contains("table orders", decision.Reason);
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
