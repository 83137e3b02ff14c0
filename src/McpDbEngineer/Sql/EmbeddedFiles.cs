using System.Collections.Concurrent;

namespace McpDbEngineer.Sql;

/// <summary>
/// The files embedded in the assembly — SQL kept as .sql files next to the code that runs it, the sample schema, the
/// MCP prompts — read by their path under the project, each once.
/// </summary>
public static class EmbeddedFiles
{
    private const string Prefix = "McpDbEngineer.";

    private static readonly ConcurrentDictionary<string, string> Cache = new();

    /// <summary>Reads an embedded file by its path under the project, e.g. "Schema/Sql/list_schemas.sql".</summary>
    public static string Get(string path) => Cache.GetOrAdd(Prefix + path.Replace('/', '.'), Read);

    /// <summary>The texts of the files embedded from <paramref name="folder"/> whose names end in <paramref name="extension"/>, in name order.</summary>
    public static IEnumerable<string> Under(string folder, string extension)
    {
        var start = Prefix + folder.Replace('/', '.') + ".";
        return typeof(EmbeddedFiles).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(start, StringComparison.Ordinal) && n.EndsWith(extension, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => Cache.GetOrAdd(n, Read));
    }

    /// <summary>The names of the files embedded from <paramref name="folder"/> (not its subfolders) whose names end in <paramref name="extension"/>, in name order.</summary>
    public static IEnumerable<string> NamesUnder(string folder, string extension)
    {
        var start = Prefix + folder.Replace('/', '.') + ".";
        return typeof(EmbeddedFiles).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(start, StringComparison.Ordinal) && n.EndsWith(extension, StringComparison.Ordinal))
            .Select(n => n[start.Length..])
            .Order(StringComparer.Ordinal);
    }

    private static string Read(string name)
    {
        using var stream = typeof(EmbeddedFiles).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded file '{name}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
