using McpDbEngineer.Safety.Approval;
namespace McpDbEngineer.Safety.Guard;

/// <summary>What a tool wants to do with a piece of SQL.</summary>
public enum SqlIntent
{
    /// <summary>Execute the statements (execute_sql).</summary>
    Run,

    /// <summary>EXPLAIN without ANALYZE: plans only, nothing executes.</summary>
    Explain,

    /// <summary>EXPLAIN ANALYZE: the statement executes; writes only in read-write mode and always rolled back.</summary>
    ExplainAnalyze,

    /// <summary>EXPLAIN without ANALYZE of each statement of a list (recommend_indexes plans a workload): plans only.</summary>
    ExplainEach,
}

/// <summary>A tool's request to the guard: which tool, the SQL as the agent gave it, and what will be done with it.</summary>
public sealed record SqlRequest(string Tool, string Sql, SqlIntent Intent)
{
    /// <summary>Who asks (client name and session), for the audit log.</summary>
    public string? Client { get; init; }

    /// <summary>How to reach a human for destructive statements; null when none can be asked.</summary>
    public IHumanApproval? Approval { get; init; }

    /// <summary>Values for $1, $2, … (text, types inferred), so that checks which plan the statement see what will run.</summary>
    public IReadOnlyList<string?> Parameters { get; init; } = [];
}
