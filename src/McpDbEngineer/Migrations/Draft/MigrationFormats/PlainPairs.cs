namespace McpDbEngineer.Migrations.Draft.MigrationFormats;

/// <summary>Numbered pairs <c>001_name.up.sql</c> / <c>001_name.down.sql</c> (golang-migrate -seq, sqlx, many home-grown runners).</summary>
internal sealed class PlainPairs : MigrationFormat
{
    public override string Id => "plain";

    public override bool Recognizes(MigrationFolder folder) => Versions(folder.TopNames, PairName()).Any(v => !IsTimestamp(v));

    public override string NextVersion(MigrationFolder folder, DateTimeOffset now) => NextNumber(Versions(folder.TopNames, PairName()), 3);

    public override IReadOnlyList<DraftedFile> Files(MigrationText migration) =>
    [
        new($"{migration.Version}_{migration.Name}.up.sql", migration.Up),
        new($"{migration.Version}_{migration.Name}.down.sql", migration.Down),
    ];

    public override string NonTransactionalNote =>
        "golang-migrate sends a file as one multi-statement query, which PostgreSQL runs as one transaction: put each statement marked 'outside a transaction' in a migration of its own";
}
