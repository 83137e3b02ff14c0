using System.Collections.Concurrent;

namespace McpDbEngineer.Sql;

/// <summary>Catalog SQL kept as .sql files next to the code that runs it, embedded in the assembly.</summary>
public static class SqlResources
{
    private static readonly ConcurrentDictionary<string, string> Cache = new();

    /// <summary>Reads an embedded file by its path under the project, e.g. "Schema/Sql/list_schemas.sql".</summary>
    public static string Get(string path) => Cache.GetOrAdd(path, static p =>
    {
        var name = "McpDbEngineer." + p.Replace('/', '.');
        using var stream = typeof(SqlResources).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded SQL '{name}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}
