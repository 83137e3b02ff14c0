namespace McpDbEngineer.Migrations.Draft.MigrationFormats;

/// <summary>Timestamped pairs <c>20250101120000_name.up.sql</c> / <c>.down.sql</c> (golang-migrate's default, node-pg-migrate SQL).</summary>
internal sealed class TimestampedPairs : SqlPairs
{
    public override string Id => "timestamped";

    public override bool Recognizes(MigrationFolder folder) => Versions(folder.TopNames, PairName()).Any(IsTimestamp);

    public override string NextVersion(MigrationFolder folder, DateTimeOffset now) => NextTimestamp(Versions(folder.TopNames, PairName()), now);
}
