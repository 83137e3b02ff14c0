using System.Globalization;
using System.Text.RegularExpressions;
using McpDbEngineer.Sql;

namespace McpDbEngineer.OwnSchema;

/// <summary>
/// The migrations of one area of the server's own schema (the audit log, later decision memory), numbered in a sequence
/// of the set's own: an area adds its tables without renumbering another's. The area owns the set and its .sql files;
/// <see cref="OwnSchemaMigrator"/> only applies them.
/// </summary>
public sealed partial class MigrationSet
{
    public const string DefaultSchema = "mcp_db_engineer";

    public MigrationSet(string name, IEnumerable<Migration> migrations, string schema = DefaultSchema)
    {
        Name = name;
        Schema = schema;
        Migrations = [.. migrations.OrderBy(m => m.Version)];
        if (Migrations.FirstOrDefault(m => m.Version < 1) is { } first)
        {
            throw new ArgumentException($"Migration set '{name}': version {first.Version} ({first.Name}) is not positive.", nameof(migrations));
        }

        if (Migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"Migration set '{name}': version {twice.Key} appears more than once.", nameof(migrations));
        }
    }

    /// <summary>The set's name, its key in the migrations table ("audit").</summary>
    public string Name { get; }

    /// <summary>The schema that holds the migrations table (the set's own scripts name their objects themselves).</summary>
    public string Schema { get; }

    /// <summary>In version order.</summary>
    public IReadOnlyList<Migration> Migrations { get; }

    /// <summary>
    /// The set embedded from <paramref name="folder"/> (e.g. "Safety/Audit/Sql/AuditSchema"): files named
    /// <c>NNNN_name.up.sql</c> and <c>NNNN_name.down.sql</c>, NNNN the version. Every up needs its down.
    /// </summary>
    public static MigrationSet FromEmbeddedFolder(string name, string folder, string schema = DefaultSchema)
    {
        var files = EmbeddedFiles.NamesUnder(folder, ".sql").ToList();
        var migrations = new List<Migration>();
        foreach (var file in files)
        {
            var match = FileName().Match(file);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration set '{name}': '{folder}/{file}' is not named NNNN_name.up.sql or NNNN_name.down.sql.");
            }

            if (match.Groups["direction"].Value == "down")
            {
                continue;
            }

            var stem = $"{match.Groups["version"].Value}_{match.Groups["name"].Value}";
            if (!files.Contains($"{stem}.down.sql"))
            {
                throw new InvalidOperationException($"Migration set '{name}': '{folder}/{stem}.up.sql' has no '{stem}.down.sql'.");
            }

            migrations.Add(new Migration(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                EmbeddedFiles.Get($"{folder}/{stem}.up.sql"),
                EmbeddedFiles.Get($"{folder}/{stem}.down.sql")));
        }

        if (files.Count != migrations.Count * 2)
        {
            throw new InvalidOperationException($"Migration set '{name}': '{folder}' has a .down.sql without its .up.sql.");
        }

        return new MigrationSet(name, migrations, schema);
    }

    [GeneratedRegex(@"^(?<version>\d+)_(?<name>[a-z0-9_]+)\.(?<direction>up|down)\.sql$")]
    private static partial Regex FileName();
}
