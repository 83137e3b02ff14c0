using System.Diagnostics;
using McpDbEngineer.Database;
using Microsoft.Extensions.Options;
using Npgsql;

namespace McpDbEngineer.Safety;

/// <summary>
/// The one gate every tool that executes agent-supplied SQL goes through: it parses and classifies the SQL with
/// PostgreSQL's own parser, applies the access mode, checks the volatility of functions it cannot vouch for, asks a
/// human for destructive statements, picks the transaction (read only, read write, or rolled back) and records every
/// statement with the decision and outcome in the audit log.
/// </summary>
public sealed class SqlGuard(DatabaseExecutor executor, AuditLog audit, IOptions<SafetyOptions> options)
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
            // One read-only look before anything runs or anyone is asked: a VOLATILE call would be refused after the
            // human's yes, and a write the planner expects to change most of its table needs that yes too.
            try
            {
                approvals = await executor.ReadOnlyAsync<IReadOnlyList<StatementVerdict>>(
                    async (connection, ct) =>
                    {
                        await RefuseVolatileCallsAsync(connection, statements, ct);
                        return [.. approvals, .. await MassChanges.FindAsync(connection, statements, request.Parameters, ct)];
                    },
                    cancellationToken);
            }
            catch (ToolException e) when (e.Data.Contains(VolatileRefusal))
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
        catch (ToolException e) when (e.Data.Contains(VolatileRefusal))
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

    private const string VolatileRefusal = "volatile-refusal";

    private Task<T> RunAsync<T>(
        SqlRequest request,
        IReadOnlyList<StatementVerdict> statements,
        TransactionKind transaction,
        Func<NpgsqlConnection, IReadOnlyList<StatementVerdict>, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        // Planning alone never runs a function with side effects; whatever executes may call only functions
        // PostgreSQL promises cannot modify the database. A VOLATILE one can do anything its code does, unseen by the
        // guard: in a writable transaction it could empty a table without the human's approval a DELETE would need.
        // A read-write request was checked in the look before approval, against the same catalog: not twice.
        var checkVolatility = request.Intent != SqlIntent.Explain && transaction != TransactionKind.ReadWrite;
        async Task<T> GuardedWork(NpgsqlConnection connection, CancellationToken ct)
        {
            if (checkVolatility)
            {
                await RefuseVolatileCallsAsync(connection, statements, ct);
            }

            return await work(connection, statements, ct);
        }

        return transaction switch
        {
            TransactionKind.ReadOnly => executor.ReadOnlyAsync(GuardedWork, cancellationToken),
            TransactionKind.ReadWrite => executor.ReadWriteAsync(GuardedWork, commit: true, cancellationToken),
            _ => executor.ReadWriteAsync(GuardedWork, commit: false, cancellationToken),
        };
    }

    private static async Task RefuseVolatileCallsAsync(NpgsqlConnection connection, IReadOnlyList<StatementVerdict> statements, CancellationToken cancellationToken)
    {
        var toCheck = statements.SelectMany(s => s.UncheckedFunctions).Distinct().ToList();
        var volatileCalls = await FunctionVolatility.FindVolatileAsync(connection, toCheck, cancellationToken);
        if (volatileCalls.Count > 0)
        {
            var names = string.Join(", ", volatileCalls);
            var refusal = new ToolException(
                $"Refused: the query calls {names}, declared VOLATILE, so it may change data or have other side effects the guard cannot see; " +
                "statements may only call IMMUTABLE or STABLE functions. If it only reads, ask its owner to declare it STABLE; otherwise a human can run it with psql.");
            refusal.Data[VolatileRefusal] = true;
            throw refusal;
        }
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
                    $"Refused: {what} needs a human's approval, and none could be asked (the client does not support MCP elicitation, or the question failed). " +
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
