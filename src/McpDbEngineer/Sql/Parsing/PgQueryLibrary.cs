using System.Runtime.InteropServices;

namespace McpDbEngineer.Sql.Parsing;

/// <summary>
/// Finds libpg_query under the names distributions give it. It is a system library, not shipped with the
/// tool, so a missing one is reported with the command that installs it rather than as DllNotFoundException.
/// </summary>
internal static class PgQueryLibrary
{
    /// <summary>Environment variable naming the library file, for installs outside the usual places.</summary>
    public const string PathVariable = "PG_QUERY_LIBRARY";

    public const string InstallHint =
        "PostgreSQL's parser library (libpg_query) is not installed, and the SQL guard needs it to read SQL. " +
        "Install it — Debian/Ubuntu: apt-get install libpg-query1504.0; macOS: brew install libpg_query — " +
        $"or set {PathVariable} to the path of libpg_query.so / libpg_query.dylib, then start again.";

    private static readonly string[] Candidates =
    [
        "libpg_query.so.1504.0",
        "libpg_query.so",
        "/usr/local/lib/libpg_query.so",
        "libpg_query.dylib",
        "/opt/homebrew/lib/libpg_query.dylib",
        "/usr/local/lib/libpg_query.dylib",
    ];

    private static readonly Lazy<IntPtr> Handle = new(Load);

    /// <summary>Makes sure the library is loaded; throws a <see cref="ToolException"/> that says how to install it.</summary>
    public static void EnsureLoaded()
    {
        if (Handle.Value == IntPtr.Zero)
        {
            throw new ToolException(InstallHint);
        }
    }

    private static IntPtr Load()
    {
        var configured = Environment.GetEnvironmentVariable(PathVariable);
        foreach (var candidate in string.IsNullOrEmpty(configured) ? Candidates : [configured, .. Candidates])
        {
            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                // One resolver per assembly: it only answers for pg_query and defers every other name.
                NativeLibrary.SetDllImportResolver(
                    typeof(PgQueryLibrary).Assembly,
                    (name, _, _) => name == PgQueryNative.Library ? handle : IntPtr.Zero);
                return handle;
            }
        }

        return IntPtr.Zero;
    }
}
