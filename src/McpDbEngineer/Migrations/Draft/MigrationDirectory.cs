using McpDbEngineer.Migrations.Draft.MigrationFormats;

namespace McpDbEngineer.Migrations.Draft;

/// <summary>
/// A project's migrations directory: what is in it, which format it uses, and writing a new migration into it —
/// only inside it (no '..', no rooted path, no symbolic link on the way out of it) and never over an existing file.
/// </summary>
internal static class MigrationDirectory
{
    /// <summary>The formats, in the order they are tried on a directory: the most specific marks first.</summary>
    public static IReadOnlyList<MigrationFormat> Formats { get; } =
        [new Alembic(), new Prisma(), new Supabase(), new Flyway(), new Dbmate(), new TimestampedPairs(), new PlainPairs()];

    public static string FormatList => string.Join(", ", Formats.Select(f => f.Id));

    // A directory listing stops here: enough to find the latest migration, bounded on a huge or wrong directory.
    private const int MaxFiles = 20_000;

    public static MigrationFolder Read(string directory)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            return new MigrationFolder(root, [], [], _ => "");
        }

        var files = new List<string>();
        var subfolders = new List<string>();
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo folder)
            {
                subfolders.Add(folder.Name);
                files.AddRange(folder.EnumerateFiles().Take(MaxFiles).Select(f => $"{folder.Name}/{f.Name}"));
            }
            else
            {
                files.Add(entry.Name);
            }

            if (files.Count > MaxFiles)
            {
                break;
            }
        }

        return new MigrationFolder(root, files, subfolders, file => File.ReadAllText(Path.Combine(root, file)));
    }

    /// <summary>The format asked for, else the one the directory uses, else plain pairs.</summary>
    public static MigrationFormat Choose(string? format, MigrationFolder folder)
    {
        if (!string.IsNullOrWhiteSpace(format))
        {
            return Formats.FirstOrDefault(f => f.Id.Equals(format.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw new ToolException($"Unknown format '{format}'. Use one of: {FormatList}; or leave it out to detect it from the directory.");
        }

        return Formats.FirstOrDefault(f => f.Recognizes(folder)) ?? Formats.OfType<PlainPairs>().Single();
    }

    /// <summary>
    /// Writes the files under <paramref name="directory"/> (created if missing). Every path is checked before anything
    /// is written, so a refusal leaves the directory as it was.
    /// </summary>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<DraftedFile> files)
    {
        var root = RealPath(Path.GetFullPath(directory));
        var targets = files.Select(f => (File: f, Target: Inside(root, f.Path))).ToList();
        foreach (var (file, target) in targets)
        {
            if (File.Exists(target) || Directory.Exists(target) || new FileInfo(target).LinkTarget is not null)
            {
                throw new ToolException($"{file.Path} already exists in {root}: the draft never overwrites a file. Choose another name, or remove the old file yourself.");
            }
        }

        var written = new List<string>();
        foreach (var (file, target) in targets)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            // Checked again once the folders exist: a link could have appeared between the check and the write.
            Inside(root, file.Path);
            using var stream = new FileStream(target, FileMode.CreateNew, FileAccess.Write);
            using var writer = new StreamWriter(stream);
            writer.Write(file.Content);
            written.Add(target);
        }

        return written;
    }

    /// <summary>The full path of <paramref name="relative"/> under <paramref name="root"/>, refused when it would leave it.</summary>
    private static string Inside(string root, string relative)
    {
        var parts = relative.Split('/');
        if (Path.IsPathRooted(relative) || parts.Any(p => p is "" or "." or ".." || p.Contains('\\', StringComparison.Ordinal)))
        {
            throw new ToolException($"Refused to write '{relative}': a migration file must stay inside the migrations directory (no '..', no absolute path).");
        }

        var target = Path.GetFullPath(Path.Combine(root, Path.Combine(parts)));
        // Each existing folder on the way must resolve inside the root: a symbolic link could lead anywhere.
        var folder = Path.GetDirectoryName(target)!;
        while (folder.Length > root.Length)
        {
            if (Directory.Exists(folder) && !IsWithin(root, RealPath(folder)))
            {
                throw new ToolException($"Refused to write '{relative}': {folder} is a symbolic link that leads outside {root}.");
            }

            folder = Path.GetDirectoryName(folder)!;
        }

        return IsWithin(root, target)
            ? target
            : throw new ToolException($"Refused to write '{relative}': it resolves outside {root}.");
    }

    private static bool IsWithin(string root, string path) =>
        path == root || path.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link in it resolved (the parts that exist).</summary>
    private static string RealPath(string path)
    {
        var existing = path;
        var rest = new Stack<string>();
        while (!Directory.Exists(existing) && !File.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            rest.Push(Path.GetFileName(existing));
            existing = parent;
        }

        var resolved = ResolveAll(existing);
        return rest.Aggregate(resolved, Path.Combine);
    }

    private static string ResolveAll(string path)
    {
        var parent = Path.GetDirectoryName(path);
        var current = parent is null ? path : Path.Combine(ResolveAll(parent), Path.GetFileName(path));
        var info = new DirectoryInfo(current);
        return info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target
            ? ResolveAll(Path.GetFullPath(target.FullName))
            : current;
    }
}
