using McpDbEngineer.Migrations.Draft;
using McpDbEngineer.Migrations.Draft.MigrationFormats;

namespace McpDbEngineer.Tests.Migrations.Draft;

/// <summary>Files are written only inside the given directory, never over an existing file, and a refusal writes nothing.</summary>
public sealed class MigrationDirectoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("draft-directory-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Migrations => Path.Combine(_root, "migrations");

    [Theory]
    [InlineData("../escaped.sql")]
    [InlineData("down/../../escaped.sql")]
    [InlineData("/tmp/escaped.sql")]
    public void PathLeavingTheDirectory_IsRefusedAndNothingIsWritten(string path)
    {
        var error = Assert.Throws<ToolException>(() => MigrationDirectory.Write(Migrations, [new("001_ok.up.sql", "SELECT 1;"), new(path, "SELECT 1;")]));

        Assert.Contains("must stay inside the migrations directory", error.Message);
        Assert.False(File.Exists(Path.Combine(Migrations, "001_ok.up.sql")));
        Assert.False(File.Exists(Path.Combine(_root, "escaped.sql")));
    }

    [Fact]
    public void SymbolicLinkLeadingOutside_IsRefused()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_root, "outside")).FullName;
        Directory.CreateDirectory(Migrations);
        Directory.CreateSymbolicLink(Path.Combine(Migrations, "down"), outside);

        var error = Assert.Throws<ToolException>(() => MigrationDirectory.Write(Migrations, [new("1_x.sql", "SELECT 1;"), new("down/1_x.down.sql", "SELECT 1;")]));

        Assert.Contains("symbolic link that leads outside", error.Message);
        Assert.Empty(Directory.GetFiles(outside));
        Assert.False(File.Exists(Path.Combine(Migrations, "1_x.sql")));
    }

    [Fact]
    public void ExistingFile_IsNeverOverwritten()
    {
        Directory.CreateDirectory(Migrations);
        File.WriteAllText(Path.Combine(Migrations, "003_change.down.sql"), "-- mine");

        var error = Assert.Throws<ToolException>(() => MigrationDirectory.Write(Migrations, [new("003_change.up.sql", "SELECT 1;"), new("003_change.down.sql", "SELECT 2;")]));

        Assert.Contains("never overwrites", error.Message);
        Assert.Equal("-- mine", File.ReadAllText(Path.Combine(Migrations, "003_change.down.sql")));
        Assert.False(File.Exists(Path.Combine(Migrations, "003_change.up.sql")));
    }

    [Fact]
    public void SymbolicLinkedDirectoryItself_IsWrittenWhereItLeads()
    {
        var real = Directory.CreateDirectory(Path.Combine(_root, "real")).FullName;
        Directory.CreateSymbolicLink(Migrations, real);

        MigrationDirectory.Write(Migrations, [new("001_a.up.sql", "SELECT 1;")]);

        Assert.True(File.Exists(Path.Combine(real, "001_a.up.sql")));
    }

    [Fact]
    public void UnknownFormat_NamesTheFormatsThereAre()
    {
        var error = Assert.Throws<ToolException>(() => MigrationDirectory.Choose("liquibase", MigrationFolder.None));

        Assert.Contains("plain", error.Message);
        Assert.Contains("alembic", error.Message);
    }
}
