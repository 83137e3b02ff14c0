namespace McpDbEngineer.Tests.Infrastructure;

/// <summary>The checkout the tests run from: the folder above the test binaries that holds McpDbEngineer.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "McpDbEngineer.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("McpDbEngineer.sln not found above the test folder.");
    }
}
