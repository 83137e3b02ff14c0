namespace McpDbEngineer.Migrations.Draft.MigrationFormats;

/// <summary>
/// What is already in a migrations directory: the files directly in it and one level down ('/'-separated, relative),
/// and their text on demand (a format that marks its files inside, like dbmate or Alembic, reads a few).
/// <see cref="None"/> stands for no directory at all.
/// </summary>
internal sealed class MigrationFolder(string path, IReadOnlyList<string> files, IReadOnlyList<string> subfolders, Func<string, string> read)
{
    public static MigrationFolder None { get; } = new("", [], [], _ => "");

    /// <summary>True when the directory has a folder of this name directly in it (even an empty one).</summary>
    public bool HasSubfolder(string name) => subfolders.Contains(name, StringComparer.Ordinal);

    /// <summary>The directory's full path ("" for none).</summary>
    public string Path { get; } = path;

    public IReadOnlyList<string> Files { get; } = files;

    /// <summary>File names directly in the folder.</summary>
    public IEnumerable<string> TopNames => Files.Where(f => !f.Contains('/', StringComparison.Ordinal));

    public string Read(string file) => read(file);

    /// <summary>True when one of the directory's own path segments is <paramref name="segment"/> (…/supabase/migrations).</summary>
    public bool IsUnder(string segment) =>
        Path.Replace('\\', '/').Split('/').Contains(segment, StringComparer.OrdinalIgnoreCase);
}
