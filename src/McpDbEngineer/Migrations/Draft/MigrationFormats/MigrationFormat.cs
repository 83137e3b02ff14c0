using System.Globalization;
using System.Text.RegularExpressions;

namespace McpDbEngineer.Migrations.Draft.MigrationFormats;

/// <summary>A file of a draft, its path relative to the migrations directory ('/'-separated).</summary>
public sealed record DraftedFile(string Path, string Content);

/// <summary>What a format writes: the version it was given, the name, the two scripts, and the revision it follows (Alembic).</summary>
/// <param name="Up">The up script as SQL text (statements ending in ';', marked where they run outside a transaction).</param>
/// <param name="UpStatements">The same statements one by one, for formats that call them one at a time (Alembic).</param>
internal sealed record MigrationText(
    string Version,
    string Name,
    string Up,
    string Down,
    IReadOnlyList<DraftStatement> UpStatements,
    IReadOnlyList<DraftStatement> DownStatements,
    string? PreviousRevision);

/// <summary>
/// One layout of migration files: how to recognise it in a directory, which version comes next, and the files of a
/// new migration. Layouts are those of the tools that run them; paths are relative to the migrations directory.
/// </summary>
internal abstract partial class MigrationFormat
{
    /// <summary>The format's id as the tool takes it ("plain", "flyway", …).</summary>
    public abstract string Id { get; }

    public abstract bool Recognizes(MigrationFolder folder);

    /// <summary>The version of the next migration, chained to the latest one in <paramref name="folder"/>.</summary>
    public abstract string NextVersion(MigrationFolder folder, DateTimeOffset now);

    /// <summary>The revision the next migration follows (Alembic's down_revision); null for formats ordered by version.</summary>
    public virtual string? LatestRevision(MigrationFolder folder) => null;

    public abstract IReadOnlyList<DraftedFile> Files(MigrationText migration);

    /// <summary>Where in the directory new files go ("versions/" for an Alembic directory that has one); "" for the directory itself.</summary>
    public virtual string Subfolder(MigrationFolder folder) => "";

    /// <summary>What a person running the files must know (how the tool treats statements that cannot run in a transaction).</summary>
    public virtual string? NonTransactionalNote => null;

    public const string TimestampFormat = "yyyyMMddHHmmss";

    /// <summary>The note for tools that send a migration file as one script: PostgreSQL runs a multi-statement script as one transaction.</summary>
    protected static string OneScriptNote(string tool) =>
        $"{tool} sends each migration file as one script, which PostgreSQL runs as one transaction: put each statement marked 'outside a transaction' in a migration of its own";

    /// <summary>A version-ordered sequence: the largest number found plus one, as wide as the widest (001, 0001).</summary>
    protected static string NextNumber(IEnumerable<string> versions, int defaultWidth)
    {
        var numbers = versions.Select(v => (Text: v, Value: decimal.Parse(v, CultureInfo.InvariantCulture))).ToList();
        var next = numbers.Count == 0 ? 1 : numbers.Max(n => n.Value) + 1;
        var width = numbers.Count == 0 ? defaultWidth : numbers.Max(n => n.Text.Length);
        return next.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
    }

    /// <summary>A timestamp version: now (UTC), or one past the latest when that is in the future (clock skew, a hand-made name).</summary>
    protected static string NextTimestamp(IEnumerable<string> versions, DateTimeOffset now)
    {
        var stamp = decimal.Parse(now.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var latest = versions.Select(v => decimal.Parse(v, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
        return (latest >= stamp ? latest + 1 : stamp).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The leading digits of the names that match <paramref name="pattern"/> (group "version").</summary>
    protected static IEnumerable<string> Versions(IEnumerable<string> names, Regex pattern) =>
        names.Select(n => pattern.Match(n)).Where(m => m.Success).Select(m => m.Groups["version"].Value);

    [GeneratedRegex(@"^(?<version>\d+)_.+\.(?:up|down)\.sql$", RegexOptions.CultureInvariant)]
    protected static partial Regex PairName();

    [GeneratedRegex(@"^(?<version>\d+)_[^.]+\.sql$", RegexOptions.CultureInvariant)]
    protected static partial Regex SingleSqlName();

    /// <summary>Timestamp versions are 14 digits (yyyyMMddHHmmss); sequence numbers are shorter.</summary>
    protected static bool IsTimestamp(string version) => version.Length >= 12;
}
