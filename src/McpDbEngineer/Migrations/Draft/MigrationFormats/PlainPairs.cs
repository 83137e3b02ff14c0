namespace McpDbEngineer.Migrations.Draft.MigrationFormats;

/// <summary>Numbered pairs <c>001_name.up.sql</c> / <c>001_name.down.sql</c> (golang-migrate -seq, sqlx, many home-grown runners).</summary>
internal sealed class PlainPairs : SqlPairs
{
    public override string Id => "plain";

    public override bool Recognizes(MigrationFolder folder) => Versions(folder.TopNames, PairName()).Any(v => !IsTimestamp(v));

    public override string NextVersion(MigrationFolder folder, DateTimeOffset now) => NextNumber(Versions(folder.TopNames, PairName()), 3);
}
