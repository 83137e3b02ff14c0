using System.Diagnostics;
using McpDbEngineer.Database;
using McpDbEngineer.Sql;
using Npgsql;

namespace McpDbEngineer.Migrations.Rehearsal;

/// <summary>
/// Runs a migration's statements on a shadow, one transaction each, and records what PostgreSQL did: the relation
/// locks the statement holds before COMMIT (from pg_locks, for its own backend), new data files, index builds and
/// validations (Sql/relation_state.sql before and after). A statement PostgreSQL refuses to run in a transaction
/// (CONCURRENTLY, VACUUM) runs again on its own, its locks read from a second connection while it runs.
/// </summary>
internal sealed class StatementRunner(NpgsqlConnectionStringBuilder shadow, int statementTimeoutSeconds)
{
    /// <summary>How often the second connection reads the locks of a statement that runs outside a transaction.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    /// <summary>Longest a statement that runs outside a transaction may be kept waiting for the watcher's snapshot.</summary>
    private static readonly TimeSpan SnapshotHold = TimeSpan.FromSeconds(2);

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(shadow.ConnectionString)
        {
            CommandTimeout = statementTimeoutSeconds + 5,
            ApplicationName = "mcp-db-engineer rehearsal",
        }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var limit = new NpgsqlCommand("SELECT set_config('statement_timeout', $1, false)", connection)
        {
            Parameters = { new() { Value = $"{statementTimeoutSeconds}s" } },
        };
        await limit.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public async Task<StatementRun> RunAsync(NpgsqlConnection connection, MigrationStatement statement, CancellationToken cancellationToken)
    {
        if (statement.Class == StatementClass.Transaction)
        {
            return new StatementRun(statement, TimeSpan.Zero, null, 0, 0, false,
                "transaction control: each statement runs in its own transaction on the shadow", [], new StatementWork([], [], []));
        }

        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            var before = await StateAsync(connection, cancellationToken);
            var clock = Stopwatch.StartNew();
            try
            {
                await connection.ExecuteAsync(statement.Text, cancellationToken);
                clock.Stop();
                var held = await LocksAsync(connection, connection.ProcessID, cancellationToken);
                var after = await StateAsync(connection, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return Ran(statement, clock.Elapsed, false, held, before, after);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ActiveSqlTransaction)
            {
                await transaction.RollbackAsync(cancellationToken);
            }
            catch (PostgresException e)
            {
                await transaction.RollbackAsync(cancellationToken);
                return Failed(statement, clock.Elapsed, e, false);
            }
        }

        return await RunAloneAsync(connection, statement, cancellationToken);
    }

    private async Task<StatementRun> RunAloneAsync(NpgsqlConnection connection, MigrationStatement statement, CancellationToken cancellationToken)
    {
        var before = await StateAsync(connection, cancellationToken);
        await using var watcher = await OpenAsync(cancellationToken);
        // The watcher's snapshot is taken before the statement starts: CONCURRENTLY waits for older snapshots, so it
        // holds its locks until the watcher has seen them (then the snapshot is let go), however fast the build is.
        var snapshot = await watcher.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var first = await LocksAsync(watcher, connection.ProcessID, cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var seen = WatchLocksAsync(watcher, snapshot, first, connection.ProcessID, stop.Token);
        var clock = Stopwatch.StartNew();
        try
        {
            await connection.ExecuteAsync(statement.Text, cancellationToken);
            clock.Stop();
        }
        catch (PostgresException e)
        {
            await stop.CancelAsync();
            await seen;
            return Failed(statement, clock.Elapsed, e, true);
        }
        finally
        {
            await stop.CancelAsync();
        }

        var held = await seen;
        return Ran(statement, clock.Elapsed, true, held, before, await StateAsync(connection, cancellationToken));
    }

    /// <summary>
    /// Reads the other backend's locks until stopped; every (relation, mode) seen at least once. The snapshot held
    /// open is let go once a lock is seen, or after <see cref="SnapshotHold"/> for a statement that waits for none.
    /// </summary>
    private static async Task<List<(long Relation, string Mode)>> WatchLocksAsync(
        NpgsqlConnection watcher, NpgsqlTransaction snapshot, List<(long Relation, string Mode)> first, int pid, CancellationToken stop)
    {
        var seen = new HashSet<(long, string)>(first);
        var held = Stopwatch.StartNew();
        var holding = true;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (holding && (seen.Count > 0 || held.Elapsed > SnapshotHold))
                {
                    await snapshot.CommitAsync(stop);
                    holding = false;
                }

                foreach (var lockHeld in await LocksAsync(watcher, pid, stop))
                {
                    seen.Add(lockHeld);
                }

                await Task.Delay(PollInterval, stop);
            }
        }
        catch (OperationCanceledException)
        {
            // The statement ended: what was seen is the answer.
        }
        catch (NpgsqlException) when (stop.IsCancellationRequested)
        {
            // A reading cut short by the end of the statement.
        }
        finally
        {
            await snapshot.DisposeAsync();
        }

        return [.. seen];
    }

    private static StatementRun Ran(
        MigrationStatement statement, TimeSpan duration, bool alone, List<(long Relation, string Mode)> held,
        IReadOnlyList<RelationFact> before, IReadOnlyList<RelationFact> after)
    {
        var existing = StatementWork.ExistingTables(before);
        var locks = held
            .Where(l => existing.ContainsKey(l.Relation))
            .GroupBy(l => existing[l.Relation])
            .Select(g => new LockTaken(g.Key, g.MaxBy(l => LockMode.Strength(l.Mode)).Mode))
            .OrderByDescending(l => LockMode.Strength(l.Mode)).ThenBy(l => l.Relation, StringComparer.Ordinal)
            .ToList();
        return new StatementRun(statement, duration, null, 0, 0, alone, null, locks, StatementWork.Between(before, after));
    }

    private static StatementRun Failed(MigrationStatement statement, TimeSpan duration, PostgresException e, bool alone)
    {
        // PostgreSQL counts the position from 1 in the statement's text; the answer gives it in the file.
        var (line, column) = e.Position > 0
            ? Offset(statement, e.Position - 1)
            : (statement.Line, statement.Column);
        return new StatementRun(statement, duration, DatabaseExecutor.PostgresErrorLine(e), line, column, alone, null, [], new StatementWork([], [], []));
    }

    private static (int Line, int Column) Offset(MigrationStatement statement, int offset)
    {
        var text = statement.Text[..Math.Min(offset, statement.Text.Length)];
        var newlines = text.Count(c => c == '\n');
        return newlines == 0
            ? (statement.Line, statement.Column + text.Length)
            : (statement.Line + newlines, text.Length - text.LastIndexOf('\n'));
    }


    private static async Task<List<(long Relation, string Mode)>> LocksAsync(NpgsqlConnection connection, int pid, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(EmbeddedFiles.Get("Migrations/Rehearsal/Sql/backend_locks.sql"), connection)
        {
            Parameters = { new() { Value = pid } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var locks = new List<(long, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            locks.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return locks;
    }

    private static async Task<IReadOnlyList<RelationFact>> StateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(EmbeddedFiles.Get("Migrations/Rehearsal/Sql/relation_state.sql"), connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var facts = new List<RelationFact>();
        while (await reader.ReadAsync(cancellationToken))
        {
            facts.Add(new RelationFact(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
        }

        return facts;
    }
}
