namespace McpDbEngineer.Migrations.Draft.MigrationFormats;

/// <summary>Timestamped pairs <c>20250101120000_name.up.sql</c> / <c>.down.sql</c> (golang-migrate's default, node-pg-migrate SQL).</summary>
internal sealed class TimestampedPairs : MigrationFormat
{
    public override string Id => "timestamped";

    public override bool Recognizes(MigrationFolder folder) => Versions(folder.TopNames, PairName()).Any(IsTimestamp);

    public override string NextVersion(MigrationFolder folder, DateTimeOffset now) => NextTimestamp(Versions(folder.TopNames, PairName()), now);

    public override IReadOnlyList<DraftedFile> Files(MigrationText migration) =>
    [
        new($"{migration.Version}_{migration.Name}.up.sql", migration.Up),
        new($"{migration.Version}_{migration.Name}.down.sql", migration.Down),
    ];

    public override string NonTransactionalNote =>
        "golang-migrate sends a file as one multi-statement query, which PostgreSQL runs as one transaction: put each statement marked 'outside a transaction' in a migration of its own";
}
