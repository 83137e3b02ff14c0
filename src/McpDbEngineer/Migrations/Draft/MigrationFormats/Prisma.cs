using System.Text.RegularExpressions;

namespace McpDbEngineer.Migrations.Draft.MigrationFormats;

/// <summary>Prisma Migrate: <c>prisma/migrations/20250101120000_name/migration.sql</c>, the down beside it as <c>down.sql</c> (as Prisma's docs write it for migrate diff).</summary>
internal sealed partial class Prisma : MigrationFormat
{
    public override string Id => "prisma";

    public override bool Recognizes(MigrationFolder folder) =>
        folder.Files.Contains("migration_lock.toml") || folder.Files.Any(f => MigrationFile().IsMatch(f));

    public override string NextVersion(MigrationFolder folder, DateTimeOffset now) =>
        NextTimestamp(Versions(folder.Files, MigrationFile()), now);

    public override IReadOnlyList<DraftedFile> Files(MigrationText migration) =>
    [
        new($"{migration.Version}_{migration.Name}/migration.sql", migration.Up),
        new($"{migration.Version}_{migration.Name}/down.sql", migration.Down),
    ];

    public override string NonTransactionalNote => OneScriptNote("prisma migrate");

    [GeneratedRegex(@"^(?<version>\d+)_[^/]+/migration\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex MigrationFile();
}
