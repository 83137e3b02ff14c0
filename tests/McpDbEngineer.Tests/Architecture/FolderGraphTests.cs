using System.Text.RegularExpressions;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Architecture;

/// <summary>
/// The folders of src/McpDbEngineer depend on each other without a cycle, read from the `using` lines and qualified
/// names of every source file: a shared piece lives in a folder of its own, not in the feature folder that made it.
/// </summary>
public sealed partial class FolderGraphTests
{
    [Fact]
    public void SourceFolders_FormNoDependencyCycle()
    {
        var graph = FolderGraph(Path.Combine(RepositoryRoot.Path, "src", "McpDbEngineer"));

        var cycle = FindCycle(graph);

        Assert.True(cycle is null, $"the folders depend on each other in a circle: {string.Join(" → ", cycle ?? [])}");
        Assert.Contains("Sql", graph["Database"]);
    }

    private static Dictionary<string, HashSet<string>> FolderGraph(string source)
    {
        var folders = Directory.GetDirectories(source).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).ToHashSet()!;
        var graph = folders.ToDictionary(f => f!, _ => new HashSet<string>());
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(source, folder!), "*.cs", SearchOption.AllDirectories))
            {
                foreach (Match reference in ProjectNamespace().Matches(File.ReadAllText(file)))
                {
                    var target = reference.Groups[1].Value;
                    if (target != folder && folders.Contains(target))
                    {
                        graph[folder!].Add(target);
                    }
                }
            }
        }

        return graph;
    }

    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var done = new HashSet<string>();
        var path = new List<string>();
        foreach (var start in graph.Keys.Order())
        {
            if (Visit(start) is { } cycle)
            {
                return cycle;
            }
        }

        return null;

        List<string>? Visit(string folder)
        {
            if (path.IndexOf(folder) is var at and >= 0)
            {
                return [.. path[at..], folder];
            }

            if (!done.Add(folder))
            {
                return null;
            }

            path.Add(folder);
            foreach (var next in graph[folder].Order())
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }
    }

    [GeneratedRegex(@"McpDbEngineer\.(\w+)")]
    private static partial Regex ProjectNamespace();
}
