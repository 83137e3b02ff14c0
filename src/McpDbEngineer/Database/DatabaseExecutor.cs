using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Polly.CircuitBreaker;

namespace McpDbEngineer.Database;

/// <summary>
/// The only place that opens connections: every unit of work runs in its own transaction with
/// server-side timeouts, through the resilience pipeline, and every database failure comes back as a
/// <see cref="ToolException"/> that says what happened and what to do.
/// </summary>
public sealed class DatabaseExecutor(DatabaseTarget target, ResiliencePipeline pipeline, IOptions<DatabaseOptions> options)
{
    private readonly DatabaseOptions _options = options.Value;

    /// <summary>
    /// Runs work in a READ ONLY transaction that is always rolled back. A transient fault runs it again (up to three
    /// more times): a read in a READ ONLY transaction has no effect that a second run repeats.
    /// <paramref name="onFailedAttempt"/> hears of every attempt that failed after the work started, so that the audit
    /// records each execution, not only the last.
    /// </summary>
    public Task<T> ReadOnlyAsync<T>(
        Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken, Func<Exception, Task>? onFailedAttempt = null) =>
        ReadAsync(work, catalog: false, role: null, vet: null, onFailedAttempt, cancellationToken);

    /// <summary>
    /// <see cref="ReadOnlyAsync"/> for agent SQL: <paramref name="vet"/> runs first, while the transaction may still
    /// create what it needs to ask PostgreSQL (a temporary probe it rolls back itself); then the transaction turns READ
    /// ONLY for <paramref name="work"/> (from the start when there is nothing to vet). Both run as
    /// <paramref name="role"/> when it exists and the connecting role may switch to it.
    /// </summary>
    public Task<T> VettedReadAsync<T>(
        string? role,
        Func<NpgsqlConnection, CancellationToken, Task>? vet,
        Func<NpgsqlConnection, CancellationToken, Task<T>> work,
        Func<Exception, Task>? onFailedAttempt,
        CancellationToken cancellationToken) =>
        ReadAsync(work, catalog: false, role, vet, onFailedAttempt, cancellationToken);

    /// <summary>
    /// <see cref="VettedReadAsync{T}(string?, Func{NpgsqlConnection, CancellationToken, Task}?, Func{NpgsqlConnection, CancellationToken, Task{T}}, Func{Exception, Task}?, CancellationToken)"/>
    /// with the statements sent in one batch between the transaction's opening and its ROLLBACK: one round trip when
    /// there is nothing to vet, and one after the vetting's own otherwise. An error anywhere in the batch makes
    /// PostgreSQL skip the rest of it, so no statement runs without the limits before it; the transaction it leaves
    /// aborted is rolled back when the connection goes back to the pool.
    /// </summary>
    public Task<T> VettedReadAsync<T>(
        string? role,
        Func<NpgsqlConnection, CancellationToken, Task>? vet,
        BatchedRead<T> read,
        Func<Exception, Task>? onFailedAttempt,
        CancellationToken cancellationToken) =>
        RetriedAsync(
            async (connection, ct) =>
            {
                await using var batch = new NpgsqlBatch(connection);
                if (vet is null)
                {
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
                    batch.BatchCommands.Add(LimitsCommand(readOnly: true, catalog: false, role));
                }
                else
                {
                    await using (var opening = new NpgsqlBatch(connection) { BatchCommands = { new NpgsqlBatchCommand("BEGIN"), LimitsCommand(readOnly: false, catalog: false, role) } })
                    {
                        await opening.ExecuteNonQueryAsync(ct);
                    }

                    await vet(connection, ct);
                    batch.BatchCommands.Add(new NpgsqlBatchCommand(ReadOnlyFromHere));
                }

                foreach (var command in read.Commands())
                {
                    batch.BatchCommands.Add(command);
                }

                batch.BatchCommands.Add(new NpgsqlBatchCommand("ROLLBACK"));
                SetAllResultTypesAreUnknown(batch, true);
                await using var reader = await batch.ExecuteReaderAsync(ct);
                return await read.ReadAsync(batch, reader, ct);
            },
            onFailedAttempt,
            cancellationToken);

    /// <summary>
    /// <see cref="ReadOnlyAsync"/> for the server's own catalog queries, with JIT off: joins over the catalogs of a
    /// database with thousands of tables look expensive to the planner, and compiling them costs more than running them
    /// (list_objects on 5,000 tables: 70 ms with JIT, 35 ms without).
    /// </summary>
    public Task<T> CatalogAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        ReadAsync(work, catalog: true, role: null, vet: null, null, cancellationToken);

    private Task<T> ReadAsync<T>(
        Func<NpgsqlConnection, CancellationToken, Task<T>> work,
        bool catalog,
        string? role,
        Func<NpgsqlConnection, CancellationToken, Task>? vet,
        Func<Exception, Task>? onFailedAttempt,
        CancellationToken cancellationToken) =>
        RetriedAsync(
            async (connection, ct) =>
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await ApplyLimitsAsync(connection, readOnly: vet is null, catalog, role, writes: false, ct);
                if (vet is not null)
                {
                    await vet(connection, ct);
                    await using var readOnly = new NpgsqlCommand(ReadOnlyFromHere, connection);
                    await readOnly.ExecuteNonQueryAsync(ct);
                }

                var result = await work(connection, ct);
                await transaction.RollbackAsync(ct);
                return result;
            },
            onFailedAttempt,
            cancellationToken);

    /// <summary>After the vetting: the rest of the transaction may not write.</summary>
    private const string ReadOnlyFromHere = "SELECT set_config('transaction_read_only', 'on', true)";

    /// <summary>
    /// Npgsql keeps the batch-wide switch for text results internal (npgsql/npgsql#3922, open), which a single command
    /// has public. Bound by the compiler, not looked up by reflection, so trimming and Native AOT keep it; a renamed
    /// member fails the tests at the first batched read rather than silently.
    /// </summary>
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_AllResultTypesAreUnknown")]
    private static extern void SetAllResultTypesAreUnknown(NpgsqlBatch batch, bool value);

    /// <summary>
    /// Runs work on a connection of its own through the retry pipeline: <paramref name="inTransaction"/> opens the
    /// transaction, runs the work and ends it. A transient fault runs it again (up to three more times), so the work must
    /// leave nothing behind when an attempt fails: a read in a READ ONLY transaction, or a write whose transaction
    /// PostgreSQL rolls back with its failed connection. A statement that ran out of time is answered, not run again.
    /// </summary>
    private async Task<T> RetriedAsync<T>(
        Func<NpgsqlConnection, CancellationToken, Task<T>> inTransaction,
        Func<Exception, Task>? onFailedAttempt,
        CancellationToken cancellationToken)
    {
        var dataSource = await target.GetAsync(cancellationToken);
        try
        {
            return await pipeline.ExecuteAsync(
                async ct =>
                {
                    await using var connection = await dataSource.OpenConnectionAsync(ct);
                    try
                    {
                        return await inTransaction(connection, ct);
                    }
                    catch (NpgsqlException e) when (e.IsTransient)
                    {
                        if (onFailedAttempt is not null)
                        {
                            await onFailedAttempt(e);
                        }

                        if (RanOutOfTime(e))
                        {
                            throw Translate(e, dataSource)!;
                        }

                        throw;
                    }
                },
                cancellationToken);
        }
        catch (Exception e) when (Translate(e, dataSource) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Runs work in a READ WRITE transaction, committed when <paramref name="commit"/> is true and rolled back
    /// otherwise (EXPLAIN ANALYZE of a write). Only opening the connection is retried: the work may not be idempotent,
    /// and a statement whose outcome is unknown is never run again.
    /// </summary>
    public async Task<T> ReadWriteAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, bool commit, CancellationToken cancellationToken)
    {
        var dataSource = await target.GetAsync(cancellationToken);
        try
        {
            await using var connection = await pipeline.ExecuteAsync(ct => dataSource.OpenConnectionAsync(ct), cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ApplyLimitsAsync(connection, readOnly: false, catalog: false, role: null, writes: true, cancellationToken);
            var result = await work(connection, cancellationToken);
            if (!commit)
            {
                await transaction.RollbackAsync(cancellationToken);
                return result;
            }

            await CommitAsync(transaction, cancellationToken);
            return result;
        }
        catch (Exception e) when (Translate(e, dataSource) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Runs the server's own write in a READ WRITE transaction and commits it. A transient fault before COMMIT is sent
    /// (a pooled connection the database dropped while it restarted, a refused connection) runs all of it again, on
    /// another connection, up to three more times: PostgreSQL rolled the failed attempt back with its connection, so nothing
    /// is half-written or written twice. Only for work whose effects are its statements (nobody is asked, nothing
    /// outside the database happens). A fault during COMMIT is answered, not retried: its outcome is unknown.
    /// </summary>
    public Task<T> RetriedWriteAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        RetriedAsync(
            async (connection, ct) =>
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await ApplyLimitsAsync(connection, readOnly: false, catalog: false, role: null, writes: true, ct);
                var result = await work(connection, ct);
                await CommitAsync(transaction, ct);
                return result;
            },
            onFailedAttempt: null,
            cancellationToken);

    /// <summary>
    /// Whether a failure this executor reported means the database could not be reached — down, refusing connections,
    /// not answering, or paused by the circuit breaker after such failures — rather than that it refused the work.
    /// </summary>
    public static bool MeansUnreachable(ToolException failure) =>
        failure.InnerException is BrokenCircuitException or (NpgsqlException and not PostgresException);

    /// <summary>A statement that ran out of time would run out of time again: answered at once, never run again.</summary>
    private static bool RanOutOfTime(NpgsqlException e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } || e.InnerException is TimeoutException;

    private static async Task CommitAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // Read before COMMIT: a finished transaction no longer knows its connection.
        var connectionString = transaction.Connection!.ConnectionString;
        try
        {
            await transaction.CommitAsync(cancellationToken);
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            // The COMMIT was sent and the answer was lost: PostgreSQL may or may not have committed.
            throw new ToolException(
                $"The connection to {DescribeTarget(connectionString)} failed during COMMIT ({e.InnerException?.Message ?? e.Message}): the changes may or may not have been committed. " +
                "Check the data before running the statements again.", e);
        }
    }

    /// <summary>
    /// Writes one row of the server's own (an audit entry) as one autocommitted statement: one round trip, limited
    /// like any statement, and not retried, since a row written twice is worse than one written to the fallback.
    /// </summary>
    public async Task RecordAsync(string sql, IReadOnlyList<object?> values, CancellationToken cancellationToken)
    {
        var dataSource = await target.GetAsync(cancellationToken);
        try
        {
            await using var command = dataSource.CreateCommand(sql);
            command.CommandTimeout = _options.CommandTimeoutSeconds;
            foreach (var value in values)
            {
                command.Parameters.Add(new() { Value = value ?? DBNull.Value });
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (Translate(e, dataSource) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Runs one statement's work with no transaction around it, for the statements PostgreSQL refuses to run in a
    /// transaction block (VACUUM, CREATE INDEX CONCURRENTLY …): each is kept as it runs. The time limits still apply, set
    /// for the session since there is no transaction for them to end with; Npgsql discards session state (DISCARD ALL)
    /// when the connection goes back to the pool. Only opening the connection is retried.
    /// </summary>
    public async Task<T> OutsideTransactionAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var dataSource = await target.GetAsync(cancellationToken);
        try
        {
            await using var connection = await pipeline.ExecuteAsync(ct => dataSource.OpenConnectionAsync(ct), cancellationToken);
            await using (var limits = new NpgsqlCommand(
                "SELECT set_config('statement_timeout', $1, false), set_config('lock_timeout', $2, false)", connection)
            {
                Parameters =
                {
                    new() { Value = (_options.CommandTimeoutSeconds * 1000).ToString(CultureInfo.InvariantCulture) },
                    new() { Value = (_options.LockTimeoutSeconds * 1000).ToString(CultureInfo.InvariantCulture) },
                },
            })
            {
                await limits.ExecuteNonQueryAsync(cancellationToken);
            }

            return await work(connection, cancellationToken);
        }
        catch (Exception e) when (Translate(e, dataSource) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Lets the open transaction wait idle for up to <paramref name="wait"/> (while a human is asked) without the
    /// server ending the session; the statement limits stay as they are.
    /// </summary>
    public static async Task AllowIdleAsync(NpgsqlConnection connection, TimeSpan wait, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT set_config('idle_in_transaction_session_timeout', $1, true)", connection)
        {
            Parameters = { new() { Value = ((long)wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) } },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Transaction mode, time limits and the role to act as in one round trip (no SQL built from strings);
    /// <paramref name="writes"/> marks a transaction that may change rows.
    /// </summary>
    private async Task ApplyLimitsAsync(
        NpgsqlConnection connection, bool readOnly, bool catalog, string? role, bool writes, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { LimitsCommand(readOnly, catalog, role) } };
        if (writes && connection.PostgreSqlVersion.Major >= 15)
        {
            // The row counters this transaction leaves are flushed when it ends, not up to a second later: the next
            // call on this pooled connection then measures its own rows only (see Safety/Effects/Sql/row_counts_start.sql).
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_stat_force_next_flush()"));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Transaction mode, time limits and the role as one statement, which returns one row. The role is switched to only
    /// when it exists and the connecting role is a member of it.
    /// </summary>
    private NpgsqlBatchCommand LimitsCommand(bool readOnly, bool catalog, string? role) =>
        new(
            """
            SELECT set_config('transaction_read_only', $1, true),
                   set_config('statement_timeout', $2, true),
                   set_config('lock_timeout', $3, true),
                   set_config('idle_in_transaction_session_timeout', $2, true),
                   CASE WHEN $4 THEN set_config('jit', 'off', true) END,
                   CASE WHEN $5 <> '' AND EXISTS (SELECT FROM pg_roles WHERE rolname = $5)
                        THEN CASE WHEN pg_has_role($5, 'MEMBER') THEN set_config('role', $5, true) END
                   END
            """)
        {
            Parameters =
            {
                new() { Value = readOnly ? "on" : "off" },
                new() { Value = (_options.CommandTimeoutSeconds * 1000).ToString(CultureInfo.InvariantCulture) },
                new() { Value = (_options.LockTimeoutSeconds * 1000).ToString(CultureInfo.InvariantCulture) },
                new() { Value = catalog },
                new() { Value = role ?? "" },
            },
        };

    /// <summary>Maps a database failure to what an agent can act on; null for failures that are bugs.</summary>
    private ToolException? Translate(Exception exception, NpgsqlDataSource dataSource)
    {
        var where = DescribeTarget(dataSource.ConnectionString);
        return exception switch
        {
            ToolException => null,
            PostgresException pg => new ToolException(DescribePostgresError(pg), pg),
            BrokenCircuitException e => new ToolException(
                $"The database at {where} is unavailable (repeated connection failures); calls are paused for a few seconds and then retried automatically.", e),
            NpgsqlException { InnerException: TimeoutException } e => new ToolException(TimeLimitMessage, e),
            NpgsqlException e => new ToolException(
                $"Cannot reach the database at {where}: {(e.InnerException?.Message ?? e.Message).TrimEnd('.')}. Check that PostgreSQL is running; the server reconnects by itself when it is back.", e),
            TimeoutException e => new ToolException($"Timed out talking to the database at {where}.", e),
            _ => null,
        };
    }

    /// <summary>The target as errors name it; a connection opened from the data source carries the data source's string.</summary>
    private static string DescribeTarget(string connectionString) =>
        ConnectionStrings.Describe(new NpgsqlConnectionStringBuilder(connectionString));

    /// <summary>What every call that runs past the statement limit answers: the limit, and what to do instead.</summary>
    private string TimeLimitMessage =>
        $"The statement ran past this server's time limit of {_options.CommandTimeoutSeconds}s (--command-timeout) and was cancelled. " +
        "Narrow it (a WHERE on an indexed column, LIMIT, fewer columns), see its plan without running it (explain_query with analyze false), " +
        "or, for work that needs longer, have this server started with a larger --command-timeout.";

    /// <summary>PostgreSQL's own error, as every answer that carries one starts.</summary>
    internal static string PostgresErrorLine(PostgresException e) => $"PostgreSQL error {e.SqlState}: {e.MessageText}";

    private string DescribePostgresError(PostgresException e)
    {
        var message = e.SqlState switch
        {
            PostgresErrorCodes.QueryCanceled when e.MessageText.Contains("statement timeout", StringComparison.Ordinal) => TimeLimitMessage,
            PostgresErrorCodes.QueryCanceled => $"The statement was cancelled: {e.MessageText}.",
            PostgresErrorCodes.LockNotAvailable =>
                $"Gave up waiting for a lock after {_options.LockTimeoutSeconds}s (Database:LockTimeoutSeconds): {e.MessageText}. Another session holds it; try again later.",
            PostgresErrorCodes.ReadOnlySqlTransaction => $"Refused: {e.MessageText} (this tool runs read-only).",
            // The placeholders and the values given do not match (explain_query takes no values at all).
            PostgresErrorCodes.ProtocolViolation or PostgresErrorCodes.UndefinedParameter =>
                $"PostgreSQL error {e.SqlState}: {e.MessageText}. Give one value per $n placeholder in parameters (execute_sql), or write the values into the SQL (explain_query).",
            PostgresErrorCodes.IndeterminateDatatype =>
                $"PostgreSQL error {e.SqlState}: {e.MessageText}. Use every parameter given, or cast it where its type is unclear ($1::int).",
            _ => PostgresErrorLine(e),
        };
        if (e.Detail is { Length: > 0 } detail)
        {
            message += $"\nDetail: {detail}";
        }

        if (e.Hint is { Length: > 0 } hint)
        {
            message += $"\nHint: {hint}";
        }

        if (e.Position > 0)
        {
            message += $"\nAt character {e.Position}.";
        }

        return message;
    }
}
