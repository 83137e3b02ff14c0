namespace McpDbEngineer.Migrations.Draft.MigrationFormats;

/// <summary>An up and a down file side by side, <c>{version}_name.up.sql</c> / <c>.down.sql</c>; the versions differ by format.</summary>
internal abstract class SqlPairs : MigrationFormat
{
    public override IReadOnlyList<DraftedFile> Files(MigrationText migration) =>
    [
        new($"{migration.Version}_{migration.Name}.up.sql", migration.Up),
        new($"{migration.Version}_{migration.Name}.down.sql", migration.Down),
    ];

    public override string NonTransactionalNote => OneScriptNote("golang-migrate");
}
