using McpDbEngineer.Sql;
namespace McpDbEngineer.Safety.Guard;

/// <summary>What the policy says about a whole request.</summary>
/// <param name="Refusal">Why the request is refused (statement, rule, way forward); null when allowed.</param>
/// <param name="NeedsApproval">Destructive statements that run only after a human says yes.</param>
public sealed record PolicyOutcome(string? Refusal, IReadOnlyList<StatementVerdict> NeedsApproval, TransactionKind Transaction);

/// <summary>
/// The rules of the access modes, as a pure function of the parsed statements: no database, no I/O, so every
/// rule is tested directly. Function volatility and human approval are applied by <see cref="SqlGuard"/> after it.
/// </summary>
public static class AccessPolicy
{
    /// <summary>
    /// DDL that installs code PostgreSQL runs later, on events (a row change, a DDL command) or inside expressions
    /// (an operator, an aggregate, a cast), where the guard never sees it called: it could destroy data at a moment
    /// no human approved, so installing it needs the approval a destructive statement needs.
    /// </summary>
    private static readonly HashSet<string> InstallsCodeThatRunsLater = new(StringComparer.Ordinal)
    {
        "CREATE TRIGGER", "CREATE RULE", "CREATE EVENT TRIGGER", "ALTER EVENT TRIGGER",
        "CREATE OPERATOR", "CREATE AGGREGATE", "CREATE CAST",
    };

    private const string ReadWriteHint = "Start the server with --access read-write to allow changes (destructive statements still need a human's approval).";

    public static PolicyOutcome Evaluate(IReadOnlyList<StatementVerdict> statements, SqlIntent intent, bool readWrite)
    {
        if (statements.Count == 0)
        {
            return Refuse("The SQL contains no statement.");
        }

        return intent == SqlIntent.Run ? EvaluateRun(statements, readWrite) : EvaluateExplain(statements, intent, readWrite);
    }

    private static PolicyOutcome EvaluateRun(IReadOnlyList<StatementVerdict> statements, bool readWrite)
    {
        var approvals = new List<StatementVerdict>();
        var writes = false;
        for (var i = 0; i < statements.Count; i++)
        {
            var s = statements[i];
            var which = Describe(s, i, statements.Count);
            switch (s.Class)
            {
                case StatementClass.Transaction:
                    return Refuse($"Refused {which}: transaction control is not allowed; every call runs in its own transaction that the server opens and closes. Send the statements without BEGIN/COMMIT.");
                case StatementClass.Session:
                    return Refuse($"Refused {which}: session and configuration changes (SET, RESET, SET ROLE, SET TRANSACTION) are not allowed; the server sets the transaction mode and time limits itself.");
                case StatementClass.Utility:
                    return Refuse($"Refused {which}: {Reason(s, "this utility statement is not allowed through the server")}. Ask a human to run it with psql if it is needed.");
            }

            if (s.DeniedFunctions.Count > 0)
            {
                return RefuseFunctions(s, which);
            }

            if (s.Class == StatementClass.Read)
            {
                continue;
            }

            writes = true;
            if (!readWrite)
            {
                var alone = s.OutsideTransactionReason is null ? "" : $" ({s.OutsideTransactionReason}: in read-write mode the server runs it alone, outside a transaction)";
                return Refuse($"Refused {which}: {Reason(s, "it changes the database")}; the server is read-only{alone}. {ReadWriteHint}");
            }

            if (s.OutsideTransactionReason is { } outside && statements.Count > 1)
            {
                return Refuse($"Refused {which}: {outside}, so the server runs it alone, outside a transaction. Send it in a call of its own, without other statements.");
            }

            if (s.Destructive)
            {
                approvals.Add(s);
            }
            else if (s.Class == StatementClass.Ddl && InstallsCodeThatRunsLater.Contains(s.Command))
            {
                approvals.Add(s with { Reasons = [.. s.Reasons, "it installs code that runs later, where the guard does not see it"] });
            }
        }

        var transaction = !writes ? TransactionKind.ReadOnly
            : statements[0].OutsideTransactionReason is not null ? TransactionKind.OutsideTransaction
            : TransactionKind.ReadWrite;
        return new PolicyOutcome(null, approvals, transaction);
    }

    private static PolicyOutcome EvaluateExplain(IReadOnlyList<StatementVerdict> statements, SqlIntent intent, bool readWrite)
    {
        if (statements.Count > 1 && intent != SqlIntent.ExplainEach)
        {
            return Refuse($"EXPLAIN takes exactly one statement; got {statements.Count}. Explain them one at a time.");
        }

        for (var i = 0; i < statements.Count; i++)
        {
            if (statements[i] is var s && (s.Class is not (StatementClass.Read or StatementClass.Write) || s.Command.StartsWith("EXPLAIN", StringComparison.Ordinal)))
            {
                var which = statements.Count == 1 ? s.Command : $"statement {i + 1} of {statements.Count} ({s.Command})";
                return Refuse($"Cannot explain {which}: only SELECT, VALUES, TABLE, INSERT, UPDATE, DELETE and MERGE have plans. Pass the query itself, without EXPLAIN.");
            }
        }

        if (intent is SqlIntent.Explain or SqlIntent.ExplainEach)
        {
            // Planning executes nothing: even a DELETE is safe to plan.
            return new PolicyOutcome(null, [], TransactionKind.ReadOnly);
        }

        var statement = statements[0];
        if (statement.DeniedFunctions.Count > 0)
        {
            return RefuseFunctions(statement, "the statement");
        }

        if (statement.Class == StatementClass.Read)
        {
            return new PolicyOutcome(null, [], TransactionKind.ReadOnly);
        }

        return readWrite
            ? new PolicyOutcome(null, [], TransactionKind.RolledBack)
            : Refuse($"Refused EXPLAIN ANALYZE of {statement.Command}: ANALYZE executes the statement, and the server is read-only. Use analyze=false for the estimated plan, or start the server with --access read-write (the statement then runs in a transaction that is always rolled back).");
    }

    private static PolicyOutcome RefuseFunctions(StatementVerdict s, string which) =>
        Refuse($"Refused {which}: it calls {string.Join(", ", s.DeniedFunctions)}, which {(s.DeniedFunctions.Count == 1 ? "has" : "have")} side effects beyond reading data. Remove the call; if it is really needed, a human can run it with psql.");

    private static PolicyOutcome Refuse(string message) => new(message, [], TransactionKind.ReadOnly);

    private static string Reason(StatementVerdict s, string fallback) => s.Reasons.Count > 0 ? string.Join("; ", s.Reasons) : fallback;

    /// <summary>"statement 2 of 3 (DROP TABLE)" or "the statement (DROP TABLE)".</summary>
    public static string Describe(StatementVerdict s, int index, int count) =>
        count == 1 ? $"the statement ({s.Command})" : $"statement {index + 1} of {count} ({s.Command})";
}
