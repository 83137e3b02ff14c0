namespace McpDbEngineer.Safety.Hook;

/// <summary>
/// The subcommands of migration tools that destroy (<c>rails db:drop</c>, <c>prisma migrate reset</c>, <c>flyway
/// clean</c>) or run down migrations the hook has not read (<c>alembic downgrade</c>, <c>knex migrate:rollback</c>).
/// </summary>
internal static class MigrationCommands
{
    /// <param name="Programs">The executable's names.</param>
    /// <param name="Words">Words that must all appear among its arguments.</param>
    /// <param name="Deny">True when it destroys; false when it runs down migrations (the user is asked).</param>
    private sealed record Row(string[] Programs, string[] Words, bool Deny, string What);

    private static readonly string[] Rails = ["rails", "rake"];
    private static readonly string[] Django = ["manage.py", "django-admin"];
    private static readonly string[] Sequelize = ["sequelize", "sequelize-cli"];
    private static readonly string[] TypeOrm = ["typeorm", "typeorm-ts-node-commonjs", "typeorm-ts-node-esm"];

    private static readonly Row[] Table =
    [
        new(Rails, ["db:drop"], true, "drops the database"),
        new(Rails, ["db:reset"], true, "drops and recreates the database"),
        new(Rails, ["db:purge"], true, "empties the database"),
        new(Rails, ["db:truncate_all"], true, "truncates every table"),
        new(Rails, ["db:schema:load"], true, "recreates every table from the schema file, dropping their rows"),
        new(Rails, ["db:migrate:reset"], true, "drops the database and migrates it again"),
        new(Rails, ["db:rollback"], false, "runs down migrations"),
        new(Rails, ["db:migrate:down"], false, "runs a down migration"),
        new(Rails, ["db:migrate:redo"], false, "runs down migrations and then up again"),
        new(["alembic"], ["downgrade"], false, "runs downgrade migrations, which drop what their upgrades created"),
        new(Django, ["flush"], true, "deletes every row of every table"),
        new(Django, ["reset_db"], true, "drops and recreates the database"),
        new(["knex"], ["migrate:rollback"], false, "runs down migrations"),
        new(["knex"], ["migrate:down"], false, "runs a down migration"),
        new(Sequelize, ["db:drop"], true, "drops the database"),
        new(Sequelize, ["db:migrate:undo"], false, "runs down migrations"),
        new(Sequelize, ["db:migrate:undo:all"], false, "runs every down migration"),
        new(TypeOrm, ["schema:drop"], true, "drops every table of the database"),
        new(TypeOrm, ["migration:revert"], false, "runs a down migration"),
        new(TypeOrm, ["schema:sync"], false, "alters the schema to match the entities, which can drop columns and tables"),
        new(["prisma"], ["migrate", "reset"], true, "drops the database and recreates it from the migrations"),
        new(["prisma"], ["db", "push", "--force-reset"], true, "drops the database before pushing the schema"),
        new(["prisma"], ["db", "push", "--accept-data-loss"], true, "pushes schema changes that drop data"),
        new(["flyway"], ["clean"], true, "drops every object of the configured schemas"),
        new(["flyway"], ["undo"], false, "runs undo migrations"),
        new(["liquibase"], ["dropAll"], true, "drops every object of the database"),
        new(["liquibase"], ["drop-all"], true, "drops every object of the database"),
        new(["liquibase"], ["rollback"], false, "runs rollbacks"),
        new(["liquibase"], ["rollbackCount"], false, "runs rollbacks"),
        new(["liquibase"], ["rollback-count"], false, "runs rollbacks"),
        new(["goose"], ["down"], false, "runs a down migration"),
        new(["goose"], ["down-to"], false, "runs down migrations"),
        new(["goose"], ["reset"], false, "runs every down migration"),
        new(["migrate"], ["drop"], true, "drops everything in the database"),
        new(["migrate"], ["down"], false, "runs down migrations"),
        new(["dbmate"], ["drop"], true, "drops the database"),
        new(["dbmate"], ["rollback"], false, "runs a down migration"),
        new(["dbmate"], ["down"], false, "runs a down migration"),
        new(["sqlx"], ["database", "drop"], true, "drops the database"),
        new(["sqlx"], ["database", "reset"], true, "drops and recreates the database"),
        new(["sqlx"], ["migrate", "revert"], false, "runs a down migration"),
        new(["diesel"], ["database", "reset"], true, "drops and recreates the database"),
        new(["diesel"], ["migration", "revert"], false, "runs a down migration"),
        new(["diesel"], ["migration", "redo"], false, "runs a down migration and then up again"),
        new(["dotnet"], ["ef", "database", "drop"], true, "drops the database"),
        new(["dotnet-ef"], ["database", "drop"], true, "drops the database"),
        new(["mix"], ["ecto.drop"], true, "drops the database"),
        new(["mix"], ["ecto.reset"], true, "drops and recreates the database"),
        new(["mix"], ["ecto.rollback"], false, "runs down migrations"),
        new(["artisan"], ["migrate:fresh"], true, "drops every table and migrates again"),
        new(["artisan"], ["migrate:reset"], false, "runs every down migration"),
        new(["artisan"], ["migrate:refresh"], false, "runs every down migration and migrates again"),
        new(["artisan"], ["migrate:rollback"], false, "runs down migrations"),
        new(["artisan"], ["db:wipe"], true, "drops every table, view and type"),
        new(["heroku"], ["pg:reset"], true, "drops every table of the database"),
        new(["supabase"], ["db", "reset"], true, "drops the local database and recreates it from the migrations"),
    ];

    private static readonly HashSet<string> Programs = new(Table.SelectMany(row => row.Programs), StringComparer.Ordinal);

    public static bool Knows(string program) => Programs.Contains(program);

    public static SqlSource? Match(string program, List<string> words)
    {
        foreach (var row in Table)
        {
            if (row.Programs.Contains(program) && row.Words.All(word => words.Skip(1).Any(argument => argument == word || argument.StartsWith(word + "=", StringComparison.Ordinal))))
            {
                var origin = $"{program} {string.Join(' ', row.Words)}";
                return row.Deny ? SqlSource.Destructive(origin, $"{origin} {row.What}") : SqlSource.Unreadable(origin, $"{origin} {row.What} — the hook has not read them");
            }
        }

        // manage.py migrate <app> <target>: migrating to an earlier migration (or zero) runs backwards operations.
        if (Django.Contains(program) && words.IndexOf("migrate") is var migrate and > 0
            && words.Skip(migrate + 1).Count(word => !word.StartsWith('-')) >= 2)
        {
            return SqlSource.Unreadable($"{program} migrate", $"{program} migrate with a target migration can run backwards operations (unapplying migrations), which the hook has not read");
        }

        return null;
    }
}
