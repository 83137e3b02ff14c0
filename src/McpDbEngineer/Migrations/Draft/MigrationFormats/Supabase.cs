namespace McpDbEngineer.Migrations.Draft.MigrationFormats;

/// <summary>
/// Supabase: <c>supabase/migrations/20250101120000_name.sql</c>. The CLI has no down migrations and applies every
/// <c>&lt;digits&gt;_&lt;name&gt;.sql</c> in the folder, so the down goes one folder below (<c>down/…down.sql</c>), where the CLI does not look.
/// </summary>
internal sealed class Supabase : MigrationFormat
{
    public override string Id => "supabase";

    public override bool Recognizes(MigrationFolder folder) => folder.IsUnder("supabase") && folder.TopNames.Any(n => SingleSqlName().IsMatch(n));

    public override string NextVersion(MigrationFolder folder, DateTimeOffset now) => NextTimestamp(Versions(folder.TopNames, SingleSqlName()), now);

    public override IReadOnlyList<DraftedFile> Files(MigrationText migration) =>
    [
        new($"{migration.Version}_{migration.Name}.sql", migration.Up),
        new($"down/{migration.Version}_{migration.Name}.down.sql", migration.Down),
    ];

    public override string NonTransactionalNote => OneScriptNote("supabase db push");
}
