using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace McpDbEngineer.Sandbox;

/// <summary>
/// A private PostgreSQL cluster in one folder, listening on 127.0.0.1 only, with a generated password.
/// The embedded sandbox and the test suite both run on it. initdb refuses to run as root, so when we
/// are root the server programs run as the 'postgres' system user.
/// </summary>
public sealed partial class LocalCluster
{
    private const string SuperUser = "postgres";
    private const string ServiceAccount = "postgres";

    private readonly string _binDirectory;

    public LocalCluster(string rootDirectory, string? binDirectory = null)
    {
        RootDirectory = Path.GetFullPath(rootDirectory);
        _binDirectory = binDirectory ?? PostgresBinaries.FindBinDirectory();
    }

    public string RootDirectory { get; }

    public string DataDirectory => Path.Combine(RootDirectory, "data");

    public string LogFile => Path.Combine(DataDirectory, "server.log");

    private string PasswordFile => Path.Combine(RootDirectory, "password");

    [System.Runtime.Versioning.SupportedOSPlatformGuard("linux")]
    private static bool RunningAsRoot => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;

    /// <summary>Creates the cluster when it does not exist, starts it when it is not running, and says where it listens.</summary>
    /// <param name="settings">postgresql.conf lines written at creation (e.g. shared_preload_libraries).</param>
    public async Task<ClusterEndpoint> EnsureRunningAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(RootDirectory);
        using var guard = await AcquireLockAsync(cancellationToken);

        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            await InitializeAsync(settings, cancellationToken);
        }

        var port = ReadRunningPort();
        if (port is null)
        {
            port = FreeLoopbackPort();
            await RunServerProgramAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", $"-p {port}", "start"], cancellationToken);
        }

        return new ClusterEndpoint("127.0.0.1", port.Value, SuperUser, await File.ReadAllTextAsync(PasswordFile, cancellationToken));
    }

    /// <summary>Whether a cluster has been created in <see cref="RootDirectory"/>.</summary>
    public bool Exists => File.Exists(Path.Combine(DataDirectory, "PG_VERSION"));

    /// <summary>The port the cluster listens on, or null when it is not running.</summary>
    public int? RunningPort => ReadRunningPort();

    /// <summary>Stops the cluster and removes its folder: data, password and log.</summary>
    public async Task DeleteAsync(CancellationToken cancellationToken)
    {
        await StopAsync(cancellationToken);
        if (Directory.Exists(RootDirectory))
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (ReadRunningPort() is not null)
        {
            await RunServerProgramAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], cancellationToken);
        }
    }

    private async Task InitializeAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true); // a half-made cluster from an interrupted start
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(18)).ToLowerInvariant();
        await File.WriteAllTextAsync(PasswordFile, password, cancellationToken);
        RestrictToOwner(PasswordFile);

        Directory.CreateDirectory(DataDirectory);
        var passwordForInitdb = Path.Combine(RootDirectory, ".initdb-password");
        await File.WriteAllTextAsync(passwordForInitdb, password, cancellationToken);
        RestrictToOwner(passwordForInitdb);
        try
        {
            if (RunningAsRoot)
            {
                // The service account must reach its data folder through ours, own it, and read the password once.
                File.SetUnixFileMode(RootDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
                await RunAsync("chown", [ServiceAccount, DataDirectory, passwordForInitdb], cancellationToken);
            }

            await RunServerProgramAsync("initdb", ["-D", DataDirectory, "-U", SuperUser, "--pwfile", passwordForInitdb, "--auth", "scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"], cancellationToken);
        }
        finally
        {
            File.Delete(passwordForInitdb);
        }

        var conf = new StringBuilder()
            .AppendLine()
            .AppendLine("# written by mcp-db-engineer: a private cluster reachable from this machine only")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine("unix_socket_directories = ''");
        foreach (var (key, value) in settings)
        {
            conf.AppendLine($"{key} = '{value.Replace("'", "''", StringComparison.Ordinal)}'");
        }

        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), conf.ToString(), cancellationToken);
    }

    /// <summary>The port from postmaster.pid when the postmaster it names is alive.</summary>
    private int? ReadRunningPort()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        string[] lines;
        try
        {
            lines = File.ReadAllLines(pidFile);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        if (lines.Length < 4 || !int.TryParse(lines[0], out var pid) || !int.TryParse(lines[3], out var port))
        {
            return null;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : port;
        }
        catch (ArgumentException)
        {
            return null; // stale pid file after a crash; pg_ctl start cleans it up
        }
    }

    private async Task<IDisposable> AcquireLockAsync(CancellationToken cancellationToken)
    {
        // Two agent sessions starting at once must not both initdb or both start the server.
        var lockPath = Path.Combine(RootDirectory, ".lock");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private Task RunServerProgramAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binDirectory, program);
        return RunningAsRoot
            ? RunAsync("runuser", ["-u", ServiceAccount, "--", path, .. arguments], cancellationToken)
            : RunAsync(path, arguments, cancellationToken);
    }

    private async Task RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await ProgramRunner.RunAsync(fileName, arguments, RootDirectory, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new ToolException($"{Path.GetFileName(fileName)} {string.Join(' ', arguments.Take(3))} failed (exit {result.ExitCode}): {result.Output}. Server log: {LogFile}");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void RestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}

/// <summary>Where a local cluster listens and how to log in to it.</summary>
public sealed record ClusterEndpoint(string Host, int Port, string Username, string Password);
