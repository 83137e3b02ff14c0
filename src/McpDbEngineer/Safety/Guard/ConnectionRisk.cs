using System.Security.Cryptography;
using System.Text;
using McpDbEngineer.Database;
using McpDbEngineer.Sql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace McpDbEngineer.Safety.Guard;

/// <summary>
/// In read-only mode, whether the server connects with more rights than reading (a superuser, or a role that can change
/// tables): then the guard would be the only wall between agent SQL and the data. Said loudly, with the least-privilege
/// fix, at start (the log), in the <c>initialize</c> instructions and in list_schemas' answer. Checked once per process.
/// </summary>
public sealed class ConnectionRisk(
    DatabaseTarget target, IOptions<SafetyOptions> options, IOptions<DatabaseOptions> database, ILogger<ConnectionRisk> logger)
{
    private readonly SafetyOptions _options = options.Value;

    /// <summary>
    /// How long initialize waits for the check when no earlier session left its verdict: it started with the process,
    /// and a reachable database answers in milliseconds. Not at all for the embedded sandbox, which may take seconds to
    /// start and always has the reader.
    /// </summary>
    private readonly TimeSpan _initializeWait = string.IsNullOrWhiteSpace(database.Value.ConnectionString) ? TimeSpan.Zero : TimeSpan.FromSeconds(3);

    /// <summary>
    /// The last session's verdict for this connection and role: initialize answers with it at once (the first
    /// connection to a database with thousands of tables takes tens of milliseconds) while this session checks again.
    /// </summary>
    private readonly string _verdictFile = StateFolder.Combine(
        "connection-checks",
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(database.Value.ConnectionString + "\n" + options.Value.RestrictedRole)))[..32] + ".txt");
    private readonly object _gate = new();
    private Task<Check>? _check;

    /// <param name="Known">False when the database could not be reached: the next caller checks again.</param>
    private sealed record Check(bool Known, string? Warning);

    /// <summary>
    /// Warms the database connection at start and runs the check on that same first connection, so it is usually
    /// known by the time the client's <c>initialize</c> arrives; logs the warning, if any.
    /// </summary>
    public void Warm()
    {
        if (_options.IsReadWrite)
        {
            lock (_gate)
            {
                _check = Task.FromResult(new Check(true, null));
            }

            _ = target.Warm();
            return;
        }

        var first = new TaskCompletionSource<Check>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _check ??= first.Task;
        }

        _ = target.Warm(async connection => first.TrySetResult(await CheckAsync(connection)))
            .ContinueWith(_ => first.TrySetResult(new Check(false, null)), TaskScheduler.Default);
        _ = Task.Run(async () =>
        {
            if (await WarningAsync(CancellationToken.None) is { } warning)
            {
                logger.LogWarning("{Warning}", warning);
            }
        });
    }

    /// <summary>The warning, or null when the connection is no riskier than its mode (or the database cannot be reached yet).</summary>
    public async Task<string?> WarningAsync(CancellationToken cancellationToken)
    {
        Task<Check> check;
        lock (_gate)
        {
            if (_check is null || _check.IsFaulted || (_check.IsCompletedSuccessfully && !_check.Result.Known))
            {
                _check = CheckOnNewConnectionAsync();
            }

            check = _check;
        }

        return (await check.WaitAsync(cancellationToken)).Warning;
    }

    /// <summary>One attempt, outside the resilience pipeline: a database that is down is the tools' to report, not this check's.</summary>
    private async Task<Check> CheckOnNewConnectionAsync()
    {
        try
        {
            var dataSource = await target.GetAsync(CancellationToken.None);
            await using var connection = await dataSource.OpenConnectionAsync();
            return await CheckAsync(connection);
        }
        catch (Exception e) when (e is NpgsqlException or ToolException or TimeoutException)
        {
            return new Check(false, null);
        }
    }

    private async Task<Check> CheckAsync(NpgsqlConnection connection)
    {
        if (_options.IsReadWrite)
        {
            return new Check(true, null);
        }

        string? warning = null;
        await using (var command = new NpgsqlCommand(EmbeddedFiles.Get("Safety/Guard/Sql/connection_risk.sql"), connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = _options.RestrictedRole });
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                warning = Describe(reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetBoolean(3));
            }
        }

        RememberVerdict(warning);
        return new Check(true, warning);
    }

    private void RememberVerdict(string? warning)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_verdictFile)!);
            File.WriteAllText(_verdictFile, warning ?? "");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only start-up speed depends on it: the next session checks before answering instead.
        }
    }

    /// <summary>The warning as the last session found it: null when there is none, or no verdict was kept.</summary>
    private bool TryRecallVerdict(out string? warning)
    {
        warning = null;
        try
        {
            if (!File.Exists(_verdictFile))
            {
                return false;
            }

            var text = File.ReadAllText(_verdictFile);
            warning = text.Length == 0 ? null : text;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private string? Describe(string user, bool superuser, bool canWrite, bool restricted)
    {
        if (!superuser && !canWrite)
        {
            return null;
        }

        var who = superuser ? "a superuser" : "a role that can change tables";
        return restricted
            ? $"Note: the server connects as {user}, {who}; in read-only mode agent statements run as the restricted role {_options.RestrictedRole} " +
              "(reads only). For least privilege, connect as a login that can do nothing but switch to it: `mcp-db-engineer restricted-role-sql` prints the SQL."
            : $"WARNING: the server connects as {user}, {who}, in read-only mode, and the restricted role {_options.RestrictedRole} is not set up: " +
              "the guard is the only wall between agent SQL and the data. A DBA should run once the SQL that `mcp-db-engineer restricted-role-sql` " +
              "prints (a reader role with pg_read_all_data and pg_read_all_stats only, and a login that can only switch to it), then connect as that login.";
    }

    /// <summary>
    /// The warning for the instructions given at <c>initialize</c>: the last session's verdict when this one's check is
    /// still running, else the check's own, waiting for it briefly; null when there is none or the database is slow.
    /// </summary>
    public async Task<string?> WarningForInitializeAsync(CancellationToken cancellationToken)
    {
        var check = WarningAsync(cancellationToken);
        if (!check.IsCompleted && TryRecallVerdict(out var recalled))
        {
            return recalled;
        }

        try
        {
            return await check.WaitAsync(_initializeWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            // the database is slow to answer: the log and list_schemas still say it
            return null;
        }
    }
}
