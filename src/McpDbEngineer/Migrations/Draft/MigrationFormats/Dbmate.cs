namespace McpDbEngineer.Migrations.Draft.MigrationFormats;

/// <summary>dbmate: one file <c>20250101120000_name.sql</c> with <c>-- migrate:up</c> and <c>-- migrate:down</c> sections.</summary>
internal sealed class Dbmate : MigrationFormat
{
    public override string Id => "dbmate";

    public override bool Recognizes(MigrationFolder folder) =>
        folder.TopNames.Where(n => SingleSqlName().IsMatch(n)).Take(5).Any(n => folder.Read(n).Contains("-- migrate:up", StringComparison.Ordinal));

    public override string NextVersion(MigrationFolder folder, DateTimeOffset now) => NextTimestamp(Versions(folder.TopNames, SingleSqlName()), now);

    public override IReadOnlyList<DraftedFile> Files(MigrationText migration) =>
    [
        new($"{migration.Version}_{migration.Name}.sql",
            $"-- migrate:up{Options(migration.UpStatements)}\n{migration.Up}\n\n-- migrate:down{Options(migration.DownStatements)}\n{migration.Down}"),
    ];

    // dbmate wraps each section in a transaction unless told not to.
    private static string Options(IReadOnlyList<DraftStatement> statements) =>
        statements.Any(s => s.OutsideTransaction) ? " transaction:false" : "";
}
