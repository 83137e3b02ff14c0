namespace McpDbEngineer.Sql.Parsing;

/// <summary>The facts about one statement as the analyzers build them up; becomes a <see cref="StatementVerdict"/>.</summary>
internal sealed class StatementAnalysis(string command, StatementClass statementClass)
{
    private readonly List<string> reasons = [];
    private readonly List<string> destroyed = [];
    private readonly List<SqlName> deniedFunctions = [];
    private readonly List<SqlName> uncheckedFunctions = [];

    public string Command { get; set; } = command;

    public StatementClass Class { get; set; } = statementClass;

    public bool Destructive { get; private set; }

    /// <summary>Why the statement cannot run inside a transaction block; null when it can.</summary>
    public string? OutsideTransactionReason { get; set; }

    public IReadOnlyList<string> Reasons => reasons;

    public void Reason(string reason)
    {
        if (!reasons.Contains(reason))
        {
            reasons.Add(reason);
        }
    }

    public void FirstReason(string reason)
    {
        reasons.Remove(reason);
        reasons.Insert(0, reason);
    }

    public void Destroys(string what, string reason)
    {
        Destructive = true;
        if (!destroyed.Contains(what))
        {
            destroyed.Add(what);
        }

        Reason(reason);
    }

    /// <summary>Refused in every mode, approval or not: it reaches beyond the database (<see cref="BeyondTheDatabase"/>).</summary>
    public void Forbid(string reason)
    {
        Class = StatementClass.Utility;
        FirstReason(reason);
    }

    /// <summary>Marks the statement destructive for what it does to the server, not to a named object (VACUUM FULL).</summary>
    public void Disrupts(string reason)
    {
        Destructive = true;
        Reason(reason);
    }

    public void Calls(IEnumerable<SqlName> functions)
    {
        foreach (var function in functions)
        {
            switch (FunctionCatalog.Judge(function, out var effect))
            {
                case FunctionSafety.Denied when !deniedFunctions.Contains(function):
                    deniedFunctions.Add(function);
                    Reason($"calls {function}, which {effect}");
                    break;
                case FunctionSafety.Unchecked when !uncheckedFunctions.Contains(function):
                    uncheckedFunctions.Add(function);
                    break;
            }
        }
    }

    /// <summary>Takes in a statement this one wraps (EXPLAIN ANALYZE, PREPARE, DECLARE, CREATE TABLE AS, COPY (query)).</summary>
    public void Absorb(StatementAnalysis inner)
    {
        Calls(inner.deniedFunctions);
        Calls(inner.uncheckedFunctions);
        foreach (var reason in inner.reasons)
        {
            Reason(reason);
        }

        foreach (var what in inner.destroyed.Where(what => !destroyed.Contains(what)))
        {
            destroyed.Add(what);
        }

        Destructive |= inner.Destructive;
    }

    /// <summary>Only the functions of a wrapped statement that is planned but not run (plain EXPLAIN).</summary>
    public void AbsorbCalls(StatementAnalysis inner)
    {
        Calls(inner.deniedFunctions);
        Calls(inner.uncheckedFunctions);
    }

    public StatementVerdict ToVerdict(string text, int start) =>
        new(text, start, Command, Class, Destructive, reasons, destroyed, deniedFunctions, uncheckedFunctions)
        {
            OutsideTransactionReason = OutsideTransactionReason,
        };
}
