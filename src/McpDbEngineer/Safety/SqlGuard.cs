using System.Diagnostics;
using McpDbEngineer.Database;
using McpDbEngineer.Safety.Vetting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace McpDbEngineer.Safety;

/// <summary>
/// The one gate every tool that executes agent-supplied SQL goes through: it parses and classifies the SQL with
/// PostgreSQL's own parser, applies the access mode, vets every piece of code the SQL would run (<see cref="CodeVetter"/>),
/// asks a human for destructive statements, picks the transaction (read only, read write, or rolled back) and records every
/// statement with the decision and outcome in the audit log.
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
    public async Task<T> ExecuteAsync<T>(
        SqlRequest request,
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

        var decision = "allowed";
        var approvals = policy.NeedsApproval;
        if (policy.Transaction == TransactionKind.ReadWrite)
        {
            // One look before anything runs or anyone is asked, in a transaction that is rolled back: code that reaches
            // beyond the database is refused before the human's yes, code the guard cannot vet needs that yes, and so
            // does a write the planner expects to change most of its table.
            try
            {
                approvals = await executor.ReadWriteAsync<IReadOnlyList<StatementVerdict>>(
                    async (connection, ct) =>
                    {
                        var unvetted = await UnvettedWritesAsync(connection, statements, ct);
                        return [.. approvals, .. UnvettedApprovals(statements, unvetted), .. await MassChanges.FindAsync(connection, statements, request.Parameters, ct)];
                    },
                    commit: false,
                    cancellationToken);
            }
            catch (ToolException e) when (e.Data.Contains(VettingRefusal))
            {
                await RecordAsync(request, statements, null, "refused: " + e.Message, null, "not run", cancellationToken);
                throw;
            }
        }

        if (approvals.Count > 0)
        {
            decision = await ApproveAsync(request, statements, approvals, cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        try
        {
            var result = await RunAsync(request, statements, policy.Transaction, work, cancellationToken);
            await RecordAsync(request, statements, null, decision, clock.Elapsed.TotalMilliseconds, "ok", cancellationToken);
            return result;
        }
        catch (ToolException e) when (e.Data.Contains(VettingRefusal))
        {
            await RecordAsync(request, statements, null, "refused: " + e.Message, null, "not run", cancellationToken);
            throw;
        }
        catch (Exception e) when (e is ToolException or OperationCanceledException)
        {
            await RecordAsync(request, statements, null, decision, clock.Elapsed.TotalMilliseconds, "error: " + e.Message, CancellationToken.None);
            throw;
        }
    }

    private const string VettingRefusal = "vetting-refusal";

    private Task<T> RunAsync<T>(
        SqlRequest request,
        IReadOnlyList<StatementVerdict> statements,
        TransactionKind transaction,
        Func<NpgsqlConnection, IReadOnlyList<StatementVerdict>, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        // Whatever runs — and whatever the planner evaluates while planning, even for a plain EXPLAIN — is vetted first.
        // A read-write request was vetted in the look before approval: not twice.
        Task<T> Work(NpgsqlConnection connection, CancellationToken ct) => work(connection, statements, ct);
        return transaction switch
        {
            TransactionKind.ReadOnly => executor.VettedReadAsync(
                _options.RestrictedRole, (connection, ct) => RefuseUnvettedReadAsync(connection, statements, ct), Work, cancellationToken),
            TransactionKind.ReadWrite => executor.ReadWriteAsync(Work, commit: true, cancellationToken),
            _ => executor.ReadWriteAsync(
                async (connection, ct) =>
                {
                    // Rolled back whatever it does; what could leave the transaction is refused (no human is asked here).
                    RefuseUnvetted(await UnvettedWritesAsync(connection, statements, ct), sandbox: null);
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
        var unvetted = await vetter.VetAsync(connection, statements, cancellationToken);
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
    private async Task<IReadOnlyList<UnvettedCode>> UnvettedWritesAsync(NpgsqlConnection connection, IReadOnlyList<StatementVerdict> statements, CancellationToken cancellationToken)
    {
        var unvetted = await vetter.VetAsync(connection, statements, cancellationToken);
        RefuseEscapes(unvetted);
        return unvetted.Count > 0 && unvetted.All(u => u.Sandboxable)
               && await SessionSandbox.ReadAsync(connection, _options.RestrictedRole, cancellationToken) is { Sound: true, Hatches.Count: 0 }
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
            { Sound: false } => $" The restricted role {_options.RestrictedRole} may reach the server's files or programs, so it is no sandbox: recreate it with `mcp-db-engineer restricted-role-sql`.",
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

    private async Task<string> ApproveAsync(
        SqlRequest request, IReadOnlyList<StatementVerdict> statements, IReadOnlyList<StatementVerdict> destructive, CancellationToken cancellationToken)
    {
        var destroyed = destructive.SelectMany(s => s.DestroyedObjects).Distinct().ToList();
        var confirmation = ConfirmationText(destructive[0]);
        var outcome = request.Approval is null
            ? ApprovalOutcome.Unavailable
            : await request.Approval.RequestAsync(
                new ApprovalRequest(destructive.Select(s => s.Text).ToList(), destroyed, destructive.SelectMany(s => s.Reasons).Distinct().ToList(), confirmation),
                cancellationToken);
        var what = string.Join("; ", destructive.Select(s => s.Text.Trim())) + (destroyed.Count > 0 ? $" (it destroys {string.Join(", ", destroyed)})" : "");
        switch (outcome)
        {
            case ApprovalOutcome.Approved:
                return "approved by a human";
            case ApprovalOutcome.Declined:
                await RecordAsync(request, statements, null, "refused: declined by the human", null, "not run", cancellationToken);
                throw new ToolException($"Not run: the human did not approve {what}. Do not retry it; ask the user what they want instead.");
            default:
                await RecordAsync(request, statements, null, "refused: no human to approve", null, "not run", cancellationToken);
                throw new ToolException(
                    $"Refused: {what} needs a human's approval ({string.Join("; ", destructive.SelectMany(s => s.Reasons).Distinct())}), and none could be asked " +
                    "(the client does not support MCP elicitation, or the question failed). " +
                    "Show the statement to the user: they can run it themselves, e.g. psql \"$DATABASE_URL\" -c '<statement>', after checking it.");
        }
    }

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
