using System.Globalization;
using System.Text.RegularExpressions;
using McpDbEngineer.Migrations.Draft;
using McpDbEngineer.Safety.Hook;
using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Tests.Migrations.Draft;

/// <summary>
/// Every format round-trips: drafted into a directory that already holds migrations, the next version or revision is
/// chained to the latest, the files parse back, apply and revert on a scratch database, and the hook reads the down
/// files as downs.
/// </summary>
public sealed partial class MigrationFormatTests(ScratchDatabase database) : IClassFixture<ScratchDatabase>, IDisposable
{
    private const string Change = "ALTER TABLE orders ADD COLUMN gift_note text; CREATE INDEX CONCURRENTLY idx_orders_gift_note ON orders (gift_note);";

    private readonly string _root = Directory.CreateTempSubdirectory("draft-formats-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<string, string[], string?> Existing => new()
    {
        { "plain", ["001_init.up.sql", "001_init.down.sql", "002_more.up.sql", "002_more.down.sql"], "003" },
        { "timestamped", ["20240101000000_init.up.sql", "20240101000000_init.down.sql"], null },
        { "dbmate", ["20240101000000_init.sql"], null },
        { "flyway", ["V1__init.sql", "V2__more.sql", "U2__more.sql"], "3" },
        { "alembic", ["versions/1a2b3c4d5e6f_init.py", "versions/abcdef012345_more.py"], null },
        { "supabase", ["supabase/migrations/20240101000000_init.sql"], null },
        { "prisma", ["20240101000000_init/migration.sql", "migration_lock.toml"], null },
    };

    [Theory]
    [MemberData(nameof(Existing))]
    public async Task DraftIntoAnExistingDirectory_DetectsTheFormatChainsTheVersionAndRoundTrips(string format, string[] existing, string? expectedVersion)
    {
        var directory = Path.Combine(_root, format == "supabase" ? "supabase/migrations" : "");
        foreach (var file in existing)
        {
            var path = Path.Combine(_root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, Content(file));
        }

        var draft = await database.DraftAsync(Change, directory: directory, write: true);

        Assert.Equal(format, draft.Format);
        if (expectedVersion is not null)
        {
            Assert.Equal(expectedVersion, draft.Version);
        }
        else if (format == "alembic")
        {
            Assert.Equal("abcdef012345", draft.PreviousRevision);
            Assert.StartsWith("versions/", draft.Files[0].Path, StringComparison.Ordinal);
        }
        else
        {
            var stamp = DateTime.ParseExact(draft.Version, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            Assert.InRange(stamp, DateTime.UtcNow.AddMinutes(-2), DateTime.UtcNow.AddMinutes(1));
        }

        var written = draft.Files.Select(f => (f.Path, Text: File.ReadAllText(Path.Combine(directory, f.Path)))).ToList();
        Assert.Equal(draft.Files.Select(f => f.Content), written.Select(w => w.Text));
        var (up, down) = UpAndDown(format, written);
        Assert.Null(PgQuery.Parse(up).Error);
        Assert.Null(PgQuery.Parse(down).Error);
        Assert.Contains("CONCURRENTLY", up);

        var differences = await database.UpThenDownAsync(up, down);

        Assert.Empty(differences);
    }

    [Fact]
    public async Task TimestampInTheFuture_NextVersionIsOnePastIt()
    {
        File.WriteAllText(Path.Combine(_root, "29990101000000_later.up.sql"), "SELECT 1;");
        File.WriteAllText(Path.Combine(_root, "29990101000000_later.down.sql"), "SELECT 1;");

        var draft = await database.DraftAsync(Change, directory: _root);

        Assert.Equal("29990101000001", draft.Version);
    }

    [Fact]
    public async Task AlembicWithTwoHeads_IsRefusedWithTheMergeCommand()
    {
        Directory.CreateDirectory(Path.Combine(_root, "versions"));
        File.WriteAllText(Path.Combine(_root, "versions/a_one.py"), "revision = 'aaa'\ndown_revision = None\n");
        File.WriteAllText(Path.Combine(_root, "versions/b_two.py"), "revision = 'bbb'\ndown_revision = 'aaa'\n");
        File.WriteAllText(Path.Combine(_root, "versions/c_three.py"), "revision = 'ccc'\ndown_revision = 'aaa'\n");

        var error = await Assert.ThrowsAsync<ToolException>(() => database.DraftAsync(Change, directory: _root));

        Assert.Contains("2 heads (bbb, ccc)", error.Message);
        Assert.Contains("alembic merge heads", error.Message);
    }

    private static string Content(string file) => file switch
    {
        _ when file.EndsWith("1a2b3c4d5e6f_init.py", StringComparison.Ordinal) => "from alembic import op\n\nrevision = '1a2b3c4d5e6f'\ndown_revision = None\n",
        _ when file.EndsWith("abcdef012345_more.py", StringComparison.Ordinal) => "from alembic import op\n\nrevision: str = \"abcdef012345\"\ndown_revision: Union[str, None] = '1a2b3c4d5e6f'\n",
        _ when file.EndsWith(".toml", StringComparison.Ordinal) => "provider = \"postgresql\"\n",
        _ => "-- migrate:up\nSELECT 1;\n\n-- migrate:down\nSELECT 1;\n",
    };

    /// <summary>The up and down SQL of the drafted files, read back as each tool reads them.</summary>
    private static (string Up, string Down) UpAndDown(string format, List<(string Path, string Text)> files)
    {
        switch (format)
        {
            case "dbmate":
                var text = Assert.Single(files).Text;
                var downAt = text.IndexOf("-- migrate:down", StringComparison.Ordinal);
                // The hook's own reading of a dbmate file: the up part is what it checks for destructive SQL.
                Assert.Equal(text[..downAt], MigrationFiles.WithoutDownSection(text));
                return (text[..downAt], text[downAt..]);
            case "alembic":
                var python = Assert.Single(files).Text;
                var downgrade = python.IndexOf("def downgrade", StringComparison.Ordinal);
                return (PythonSql(python[..downgrade]), PythonSql(python[downgrade..]));
            default:
                Assert.Equal(2, files.Count);
                Assert.False(MigrationFiles.IsDown(files[0].Path));
                Assert.True(MigrationFiles.IsDown(files[1].Path), $"the hook does not read {files[1].Path} as a down migration");
                return (files[0].Text, files[1].Text);
        }
    }

    private static string PythonSql(string code) => string.Concat(OpExecute().Matches(code).Select(m =>
        Regex.Unescape(m.Groups["sql"].Value) + ";\n"));

    [GeneratedRegex("op\\.execute\\(\"\"\"(?<sql>.*?)\"\"\"\\)", RegexOptions.Singleline)]
    private static partial Regex OpExecute();
}
