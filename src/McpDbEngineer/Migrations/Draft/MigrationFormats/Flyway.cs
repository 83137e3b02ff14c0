using System.Text.RegularExpressions;

namespace McpDbEngineer.Migrations.Draft.MigrationFormats;

/// <summary>Flyway: versioned <c>V4__name.sql</c> and its undo <c>U4__name.sql</c> (run by Flyway Teams' undo).</summary>
internal sealed partial class Flyway : MigrationFormat
{
    public override string Id => "flyway";

    public override bool Recognizes(MigrationFolder folder) => folder.TopNames.Any(n => VersionedName().IsMatch(n));

    public override string NextVersion(MigrationFolder folder, DateTimeOffset now) => NextNumber(Versions(folder.TopNames, VersionedName()), 1);

    public override IReadOnlyList<DraftedFile> Files(MigrationText migration) =>
    [
        new($"V{migration.Version}__{migration.Name}.sql", migration.Up),
        new($"U{migration.Version}__{migration.Name}.sql", migration.Down),
    ];

    public override string NonTransactionalNote =>
        "Flyway runs a PostgreSQL migration holding CREATE INDEX CONCURRENTLY outside a transaction by itself, but refuses to mix it with transactional statements unless mixed=true: keep such statements in a migration of their own";

    // V1__x.sql, V1_1__x.sql, V1.2__x.sql: the major number orders them here.
    [GeneratedRegex(@"^V(?<version>\d+)(?:[._]\d+)*__.+\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionedName();
}
