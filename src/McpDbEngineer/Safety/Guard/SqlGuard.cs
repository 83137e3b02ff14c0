using System.Diagnostics;
using McpDbEngineer.Database;
using McpDbEngineer.Safety.Approval;
using McpDbEngineer.Safety.Audit;
using McpDbEngineer.Safety.Effects;
using McpDbEngineer.Safety.Vetting;
using McpDbEngineer.Sql;
using Microsoft.Extensions.Options;
using Npgsql;

namespace McpDbEngineer.Safety.Guard;

/// <summary>
/// The one gate every tool that executes agent-supplied SQL goes through: it parses and classifies the SQL with
/// PostgreSQL's own parser, applies the access mode and every refusal that needs no database (before any I/O),
/// vets every piece of code the SQL would run (<see cref="CodeVetter"/>), picks the transaction (read only, read write, or rolled
/// back) and records every statement with the decision and outcome in the audit log. In read-write mode the call runs
/// in its transaction and its measured effect decides (<see cref="EffectPolicy"/>): within policy it is committed,
/// otherwise a human sees what it did and it is committed only on their yes.
/// </summary>
public sealed class SqlGuard(DatabaseExecutor executor, AuditLog audit, CodeVetter vetter, IOptions<SafetyOptions> options)
{
    private readonly SafetyOptions _options = options.Value;

    public Task<T> ExecuteAsync<T>(SqlRequest request, Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        ExecuteAsync(request, (connection, _, ct) => work(connection, ct), cancellationToken);

    /// <summary>
    /// Authorizes <paramref name="request"/>, then runs <paramref name="work"/> with the parsed statements in the
    /// transaction the decision calls for. A refusal is a <see cref="ToolException"/> naming the statement, the rule
    /// and the way forward.
    /// </summary>
    public Task<T> ExecuteAsync<T>(
        SqlRequest request,
        Func<NpgsqlConnection, IReadOnlyList<StatementVerdict>, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken) =>
        ExecuteAsync(request, _ => null, work, cancellationToken);

    /// <summary>
    /// <see cref="ExecuteAsync{T}(SqlRequest, Func{NpgsqlConnection, IReadOnlyList{StatementVerdict}, CancellationToken, Task{T}}, CancellationToken)"/>,
    /// and when the decision is a read-only transaction, the statements are sent as <paramref name="asOneBatch"/> makes
    /// them (when it makes a batch for them): with the transaction's opening and its ROLLBACK, one round trip.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(
        SqlRequest request,
        Func<IReadOnlyList<StatementVerdict>, BatchedRead<T>?> asOneBatch,
        Func<NpgsqlConnection, IReadOnlyList<StatementVerdict>, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        var script = SqlClassifier.Classify(request.Sql);
        if (script.Error is { } error)
        {
            var message = $"Syntax error at character {error.Position + 1}: {error.Message}.\n{Pointer(request.Sql, error.Position)}";
            await RecordAsync(request, [], "unparsed", "refused: syntax error", null, error.Message, cancellationToken);
            throw new ToolException(message);
        }

        var statements = script.Statements;
        var policy = AccessPolicy.Evaluate(statements, request.Intent, _options.IsReadWrite);
        if (policy.Refusal is { } refusal)
        {
            await RecordAsync(request, statements, null, "refused: " + refusal, null, "not run", cancellationToken);
            throw new ToolException(refusal);
        }

        // Every refusal that needs no database comes before any I/O and before anyone is asked.
        if (request.Parameters.Count > 0 && statements.Count > 1)
        {
            var message = $"Bind parameters need a single statement; got {statements.Count}. Send the statements in separate calls.";
            await RecordAsync(request, statements, null, "refused: " + message, null, "not run", cancellationToken);
            throw new ToolException(message);
        }

        if (policy.NeedsApproval.Count > 0 && request.Approval is not { CanAsk: true })
        {
            var what = What(policy.NeedsApproval);
            await RecordAsync(request, statements, null, "refused: no human to approve", null, "not run", cancellationToken);
            throw new ToolException(NoHumanMessage(what));
        }

        if (policy.Transaction == TransactionKind.ReadWrite)
        {
            return await RunMeasuredAsync(request, statements, policy.NeedsApproval, work, cancellationToken);
        }

        if (policy.Transaction == TransactionKind.OutsideTransaction)
        {
            return await RunAloneAsync(request, statements, policy.NeedsApproval, work, cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        Exception? recordedFailure = null;
        try
        {
            var result = await RunAsync(request, statements, policy.Transaction, asOneBatch, work, async failure =>
            {
                // Each execution is audited: a transient failure runs a read again, and both runs happened.
                recordedFailure = failure;
                await RecordAsync(request, statements, null, "allowed", clock.Elapsed.TotalMilliseconds, "error (transient, run again): " + failure.Message, CancellationToken.None);
                clock.Restart();
            }, cancellationToken);
            await RecordAsync(request, statements, null, "allowed", clock.Elapsed.TotalMilliseconds, "ok", cancellationToken);
            return result;
        }
        catch (ToolException e) when (e.Data.Contains(VettingRefusal))
        {
            await RecordAsync(request, statements, null, "refused: " + e.Message, null, "not run", cancellationToken);
            throw;
        }
        catch (Exception e) when (e is ToolException or OperationCanceledException)
        {
            if (recordedFailure is null || e.InnerException != recordedFailure)
            {
                await RecordAsync(request, statements, null, "allowed", clock.Elapsed.TotalMilliseconds, "error: " + e.Message, CancellationToken.None);
            }

            throw;
        }
    }

    private const string VettingRefusal = "vetting-refusal";

    /// <summary>Set on the refusal that ends an unapproved call: the audit decision it records.</summary>
    private const string ApprovalRefusal = "approval-refusal";

    /// <summary>
    /// Read-write: run the call in its transaction, measure what it did before COMMIT, and commit only when the effect
    /// is within policy or a human said yes after seeing it (asked once, with the static reasons and the measured
    /// effect together). Code the guard cannot vet is the exception: it is asked about before it runs, and the effect
    /// is asked about again only if it is beyond policy. Everything else — no, no answer, an error, no human to ask —
    /// rolls back.
    /// </summary>
    private async Task<T> RunMeasuredAsync<T>(
        SqlRequest request,
        IReadOnlyList<StatementVerdict> statements,
        IReadOnlyList<StatementVerdict> staticApprovals,
        Func<NpgsqlConnection, IReadOnlyList<StatementVerdict>, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        var limits = EffectLimits.From(_options);
        var decision = "allowed";
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await executor.ReadWriteAsync(
                async (connection, ct) =>
                {
                    // Before the agent's statements run: code that reaches beyond the database is refused, and code the
                    // guard cannot vet runs only after a yes asked now — what it might do outside the rows is not measured.
                    var reach = await vetter.VetAsync(connection, statements, ct);
                    var pending = staticApprovals;
                    if (await UnvettedWritesAsync(connection, reach, ct) is { Count: > 0 } unvetted)
                    {
                        decision = await ApproveAsync(connection, request, statements, [.. staticApprovals, .. UnvettedApprovals(statements, unvetted)], EffectVerdict.Unmeasured, ct);
                        pending = [];
                    }

                    // Measured from here: the vetting's own probe (rolled back) is not the call's doing.
                    var meter = new EffectMeter(statements, reach.CallsUserFunctions);
                    await meter.StartAsync(connection, ct);
                    var result = await work(connection, statements, ct);
                    var verdict = EffectPolicy.Evaluate(await meter.MeasureAsync(connection, limits.MinimumRowsForShare, ct), limits);
                    clock.Stop();
                    if (pending.Count > 0 || verdict.NeedsApproval.Count > 0)
                    {
                        decision = await ApproveAsync(connection, request, statements, pending, verdict, ct);
                    }

                    decision += Measured(verdict);
                    return result;
                },
                commit: true,
                cancellationToken);
            await RecordAsync(request, statements, null, decision, clock.Elapsed.TotalMilliseconds, "ok", cancellationToken);
            return result;
        }
        catch (Exception e) when (e is ToolException or OperationCanceledException)
        {
            await RecordUnfinishedAsync(request, statements, e, decision, clock.Elapsed.TotalMilliseconds, "rolled back");
            throw;
        }
    }

    /// <summary>
    /// Read-write, one statement PostgreSQL will not run in a transaction block (VACUUM, … CONCURRENTLY): vetted like any
    /// write first (in a transaction of its own, rolled back), then run alone with the time limits and kept as it runs.
    /// There is no transaction to measure and roll back, so what needs a human's yes — a destructive statement, code the
    /// guard cannot vet, a function that its owner could replace between the vetting's transaction and the run
    /// — is asked before it runs, and the question says that it cannot be undone.
    /// </summary>
    private async Task<T> RunAloneAsync<T>(
        SqlRequest request,
        IReadOnlyList<StatementVerdict> statements,
        IReadOnlyList<StatementVerdict> staticApprovals,
        Func<NpgsqlConnection, IReadOnlyList<StatementVerdict>, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        var decision = "allowed";
        var clock = Stopwatch.StartNew();
        try
        {
            var (unvetted, replaceable) = await executor.ReadWriteAsync(
                async (connection, ct) =>
                {
                    var reach = await vetter.VetAsync(connection, statements, ct);
                    return (await UnvettedWritesAsync(connection, reach, ct), reach.Replaceable);
                },
                commit: false,
                cancellationToken);
            IReadOnlyList<StatementVerdict> approvals =
            [
                .. staticApprovals,
                .. UnvettedApprovals(statements, unvetted),
                // The vetting's transaction ends before the statement starts, and nothing measures the run: another session
                // could replace a vetted user function in between (an index expression turned into one that writes).
                .. replaceable.Count > 0 && unvetted.Count == 0
                    ? [statements[0] with { Reasons = [$"it calls {string.Join(", ", replaceable)}, whose owner could replace it between the guard's check and the run"] }]
                    : Array.Empty<StatementVerdict>(),
            ];
            if (approvals.Count > 0)
            {
                var cannotUndo = $"{statements[0].OutsideTransactionReason}, so its effect cannot be measured first or rolled back: it runs only after a yes, and is kept as it runs";
                approvals = [approvals[0] with { Reasons = [.. approvals[0].Reasons, cannotUndo] }, .. approvals.Skip(1)];
                decision = await ApproveAsync(null, request, statements, approvals, EffectVerdict.Unmeasured, cancellationToken);
            }

            clock.Restart();
            var result = await executor.OutsideTransactionAsync((connection, ct) => work(connection, statements, ct), cancellationToken);
            await RecordAsync(request, statements, null, decision + "; run outside a transaction (not measured)", clock.Elapsed.TotalMilliseconds, "ok", cancellationToken);
            return result;
        }
        catch (Exception e) when (e is ToolException or OperationCanceledException)
        {
            await RecordUnfinishedAsync(request, statements, e, decision, clock.Elapsed.TotalMilliseconds, "not run");
            throw;
        }
    }

    /// <summary>
    /// Records how a read-write call ended before its end: refused by the vetting (nothing ran), refused by or without a
    /// human (<paramref name="undone"/>: rolled back, or not run when asked before running), or failed.
    /// </summary>
    private Task RecordUnfinishedAsync(
        SqlRequest request, IReadOnlyList<StatementVerdict> statements, Exception failure, string decision, double elapsedMs, string undone) =>
        failure switch
        {
            ToolException e when e.Data.Contains(VettingRefusal) =>
                RecordAsync(request, statements, null, "refused: " + e.Message, null, "not run", CancellationToken.None),
            ToolException e when e.Data[ApprovalRefusal] is string refused =>
                RecordAsync(request, statements, null, refused, elapsedMs, undone, CancellationToken.None),
            _ => RecordAsync(request, statements, null, decision, elapsedMs, "error: " + failure.Message, CancellationToken.None),
        };

    private Task<T> RunAsync<T>(
        SqlRequest request,
        IReadOnlyList<StatementVerdict> statements,
        TransactionKind transaction,
        Func<IReadOnlyList<StatementVerdict>, BatchedRead<T>?> asOneBatch,
        Func<NpgsqlConnection, IReadOnlyList<StatementVerdict>, CancellationToken, Task<T>> work,
        Func<Exception, Task> onFailedAttempt,
        CancellationToken cancellationToken)
    {
        // Whatever runs — and whatever the planner evaluates while planning, even for a plain EXPLAIN — is vetted first.
        Task<T> Work(NpgsqlConnection connection, CancellationToken ct) => work(connection, statements, ct);
        Func<NpgsqlConnection, CancellationToken, Task>? vet =
            CodeVetter.NothingToVet(statements) ? null : (connection, ct) => RefuseUnvettedReadAsync(connection, statements, ct);
        return transaction switch
        {
            TransactionKind.ReadOnly when asOneBatch(statements) is { } batched =>
                executor.VettedReadAsync(_options.RestrictedRole, vet, batched, onFailedAttempt, cancellationToken),
            TransactionKind.ReadOnly => executor.VettedReadAsync(_options.RestrictedRole, vet, Work, onFailedAttempt, cancellationToken),
            _ => executor.ReadWriteAsync(
                async (connection, ct) =>
                {
                    // Rolled back whatever it does; what could leave the transaction is refused (no human is asked here).
                    RefuseUnvetted(await UnvettedWritesAsync(connection, await vetter.VetAsync(connection, statements, ct), ct), sandbox: null);
                    return await Work(connection, ct);
                },
                commit: false,
                cancellationToken),
        };
    }

    /// <summary>
    /// Read-only mode: code the guard cannot vet does not run — unless the session is sealed (the restricted role, no way
    /// out of the READ ONLY transaction) and that code runs in a trusted language with the caller's rights.
    /// </summary>
    private async Task RefuseUnvettedReadAsync(NpgsqlConnection connection, IReadOnlyList<StatementVerdict> statements, CancellationToken cancellationToken)
    {
        var unvetted = (await vetter.VetAsync(connection, statements, cancellationToken)).Unvetted;
        if (unvetted.Count == 0)
        {
            return;
        }

        RefuseEscapes(unvetted);
        var sandbox = string.IsNullOrEmpty(_options.RestrictedRole)
            ? null
            : await SessionSandbox.ReadAsync(connection, _options.RestrictedRole, cancellationToken);
        if (sandbox is { Sealed: true } && unvetted.All(u => u.Sandboxable))
        {
            return;
        }

        RefuseUnvetted(unvetted, sandbox);
    }

    /// <summary>
    /// Read-write mode: code the guard cannot vet, which then runs only after a human's yes — unless the session cannot
    /// leave the database (not a superuser, no server files or programs, no way out in the database): then whatever
    /// trusted-language code does stays inside the transaction, where the measured effect decides.
    /// </summary>
    private async Task<IReadOnlyList<UnvettedCode>> UnvettedWritesAsync(NpgsqlConnection connection, CodeReach reach, CancellationToken cancellationToken)
    {
        var unvetted = reach.Unvetted;
        RefuseEscapes(unvetted);
        return unvetted.Count > 0 && unvetted.All(u => u.Sandboxable)
               && (await SessionSandbox.ReadAsync(connection, _options.RestrictedRole, cancellationToken)).CannotLeave
            ? []
            : unvetted;
    }

    /// <summary>Code that reaches files, programs, other servers or sessions: refused in every mode, approval or not.</summary>
    private static void RefuseEscapes(IReadOnlyList<UnvettedCode> unvetted)
    {
        var escapes = unvetted.Where(u => u.Escapes).ToList();
        if (escapes.Count > 0)
        {
            throw VettingFailure(
                $"Refused: the SQL reaches {string.Join("; ", escapes)}. Nothing run through this server may reach the server's files, " +
                "programs, other servers or other sessions, with or without approval. A human can run it with psql if it is really needed.");
        }
    }

    private void RefuseUnvetted(IReadOnlyList<UnvettedCode> unvetted, SessionSandbox? sandbox)
    {
        if (unvetted.Count == 0)
        {
            return;
        }

        var sandboxNote = sandbox switch
        {
            null => "",
            { Restricted: false } => $" Code in a trusted language (PL/pgSQL) may run when statements run as the restricted role {_options.RestrictedRole}: `mcp-db-engineer restricted-role-sql` prints the SQL a DBA runs once to create it.",
            { Sound: false } => $" Statements run as the restricted role {_options.RestrictedRole}, but the session can become a role that reaches the server's files or programs (a helper may RESET ROLE to the login, a superuser here), so it is no sandbox: connect as the least-privilege login `mcp-db-engineer restricted-role-sql` creates.",
            { Hatches.Count: > 0 } => $" Helpers could run as the restricted role, but this database has a way out of a read-only transaction: {string.Join(", ", sandbox.Hatches)}.",
            _ => "",
        };
        throw VettingFailure(
            $"Refused: the guard cannot vet code the SQL would run: {string.Join("; ", unvetted)}. Without a human to approve, only built-ins, native " +
            "functions of installed extensions, SQL functions whose bodies the guard reads (recursively) and functions a DBA lists in " +
            "Safety:TrustedFunctions may run." + sandboxNote);
    }

    /// <summary>Read-write mode: code the guard cannot vet runs only after a human's yes.</summary>
    private static IEnumerable<StatementVerdict> UnvettedApprovals(IReadOnlyList<StatementVerdict> statements, IReadOnlyList<UnvettedCode> unvetted) =>
        unvetted.Count == 0
            ? []
            : [statements[0] with { Reasons = [.. unvetted.Select(u => $"it runs code the guard cannot vet: {u}")] }];

    private static ToolException VettingFailure(string message)
    {
        var refusal = new ToolException(message);
        refusal.Data[VettingRefusal] = true;
        return refusal;
    }

    /// <summary>
    /// Asks the human once, while the transaction is open: the statements, what they destroy by their look, and what
    /// they measurably did. Returns the audit decision on yes; throws (and so rolls back) on anything else.
    /// </summary>
    /// <param name="connection">The open transaction's connection, kept alive through the wait; null when nothing has run
    /// yet (a statement that runs outside a transaction is asked about before it runs).</param>
    private async Task<string> ApproveAsync(
        NpgsqlConnection? connection,
        SqlRequest request,
        IReadOnlyList<StatementVerdict> statements,
        IReadOnlyList<StatementVerdict> staticApprovals,
        EffectVerdict verdict,
        CancellationToken cancellationToken)
    {
        var what = staticApprovals.Count > 0 ? What(staticApprovals) : string.Join("; ", verdict.NeedsApproval);
        var why = string.Join("; ", staticApprovals.SelectMany(s => s.Reasons).Distinct());
        if (request.Approval is not { CanAsk: true } approval)
        {
            throw Refusal("refused: no human to approve", NoHumanMessage(why.Length > 0 ? $"{what} ({why})" : what) + " Nothing was committed.");
        }

        var wait = TimeSpan.FromSeconds(_options.ApprovalTimeoutSeconds);
        var destroyed = staticApprovals.SelectMany(s => s.DestroyedObjects).Distinct().ToList();
        var confirmation = staticApprovals.Count > 0
            ? ConfirmationText(staticApprovals[0])
            : verdict.FirstTable ?? statements.FirstOrDefault(s => s.Class != StatementClass.Read)?.Command ?? statements[0].Command;
        var question = new ApprovalRequest(
            statements.Select(s => s.Text).ToList(),
            destroyed,
            [.. staticApprovals.SelectMany(s => s.Reasons).Distinct(), .. verdict.NeedsApproval],
            confirmation,
            verdict.Report,
            wait);

        // The session must outlive the wait: the server ends a transaction idle for longer than the statement limit.
        if (connection is not null)
        {
            await DatabaseExecutor.AllowIdleAsync(connection, wait + TimeSpan.FromSeconds(30), cancellationToken);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        ApprovalOutcome outcome;
        try
        {
            outcome = await approval.RequestAsync(question, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Refusal(
                $"refused: no answer within {_options.ApprovalTimeoutSeconds}s",
                $"Rolled back: the human did not answer within {_options.ApprovalTimeoutSeconds} seconds whether to commit {what}. " +
                "Nothing was committed. Ask the user whether they want it before trying again.");
        }

        return outcome switch
        {
            ApprovalOutcome.Approved => "approved by a human",
            ApprovalOutcome.Declined => throw Refusal(
                "refused: declined by the human",
                $"Not run: the human did not approve {what}; {(connection is null ? "nothing ran" : "it was rolled back")}. Do not retry it; ask the user what they want instead."),
            _ => throw Refusal("refused: no human to approve", NoHumanMessage(what) + " Nothing was committed."),
        };
    }

    private static ToolException Refusal(string decision, string message)
    {
        var refusal = new ToolException(message);
        refusal.Data[ApprovalRefusal] = decision;
        return refusal;
    }

    private static string NoHumanMessage(string what) =>
        $"Refused: {what} needs a human's approval, and none could be asked (the client does not support MCP elicitation, or the question failed). " +
        "Show the statement to the user: they can run it themselves, e.g. psql \"$DATABASE_URL\" -c '<statement>', after checking it.";

    private static string What(IReadOnlyList<StatementVerdict> destructive)
    {
        var destroyed = destructive.SelectMany(s => s.DestroyedObjects).Distinct().ToList();
        return string.Join("; ", destructive.Select(s => s.Text.Trim())) + (destroyed.Count > 0 ? $" (it destroys {string.Join(", ", destroyed)})" : "");
    }

    /// <summary>The measured effect for the audit: "; measured: deleted 3 of 4 rows of public.kinds".</summary>
    private static string Measured(EffectVerdict verdict) =>
        verdict.Report.Count == 0 ? "" : "; measured: " + string.Join("; ", verdict.Report.Take(20)) + (verdict.Report.Count > 20 ? $"; … {verdict.Report.Count - 20} more" : "");

    /// <summary>What the human types to say yes: the name of the first object destroyed (the last word of "table public.orders").</summary>
    internal static string ConfirmationText(StatementVerdict statement) =>
        statement.DestroyedObjects.Count > 0 ? statement.DestroyedObjects[0].Split(' ')[^1] : statement.Command;

    private async Task RecordAsync(
        SqlRequest request, IReadOnlyList<StatementVerdict> statements, string? classification, string decision, double? durationMs, string outcome,
        CancellationToken cancellationToken)
    {
        var at = DateTimeOffset.UtcNow;
        if (statements.Count == 0)
        {
            await audit.RecordAsync(new AuditEntry(at, request.Tool, request.Client, request.Sql, classification ?? "unparsed", decision, durationMs, outcome), cancellationToken);
            return;
        }

        foreach (var statement in statements)
        {
            await audit.RecordAsync(
                new AuditEntry(at, request.Tool, request.Client, statement.Text, classification ?? Classification(statement), decision, durationMs, outcome),
                cancellationToken);
        }
    }

    private static string Classification(StatementVerdict statement) =>
        statement.Class.ToString().ToLowerInvariant() + (statement.Destructive ? ":destructive" : "") + " " + statement.Command;

    /// <summary>The line of the script with the error and a caret under the position.</summary>
    private static string Pointer(string sql, int position)
    {
        position = Math.Clamp(position, 0, sql.Length);
        var lineStart = sql.LastIndexOf('\n', Math.Max(0, position - 1)) + 1;
        if (position == 0)
        {
            lineStart = 0;
        }

        var lineEnd = sql.IndexOf('\n', position);
        var line = sql[lineStart..(lineEnd < 0 ? sql.Length : lineEnd)];
        return line + "\n" + new string(' ', position - lineStart) + "^";
    }
}
