namespace McpDbEngineer.Sql;

/// <summary>A function, operator or relation named in a statement, as written (schema is null when unqualified).</summary>
public sealed record SqlName(string? Schema, string Name)
{
    public override string ToString() => Schema is null ? Name : $"{Schema}.{Name}";
}

/// <summary>
/// One statement of a script and what the guard's parser found in it.
/// </summary>
/// <param name="Text">The statement's own text, as cut from the script (no trailing semicolon).</param>
/// <param name="Start">Character offset of <paramref name="Text"/> in the script.</param>
/// <param name="Command">The command tag an engineer would say: "SELECT", "DROP TABLE", "ALTER TABLE", "EXPLAIN ANALYZE".</param>
/// <param name="Class">The strongest class found anywhere in the tree (a DELETE in a CTE makes a SELECT a write).</param>
/// <param name="Destructive">True for anything that destroys data or objects (DROP, TRUNCATE, DROP COLUMN, DELETE without WHERE, …).</param>
/// <param name="Reasons">Why it is not a plain read, in words an agent can act on ("data-modifying CTE (DELETE)", "calls pg_terminate_backend, which has side effects"); empty for a plain read.</param>
/// <param name="DestroyedObjects">What a destructive statement destroys ("table public.orders", "column orders.note").</param>
/// <param name="DeniedFunctions">Functions known to have side effects, called anywhere in the statement.</param>
/// <param name="UncheckedFunctions">Every other function called: the guard has PostgreSQL resolve them and vets the code they reach.</param>
public sealed record StatementVerdict(
    string Text,
    int Start,
    string Command,
    StatementClass Class,
    bool Destructive,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<string> DestroyedObjects,
    IReadOnlyList<SqlName> DeniedFunctions,
    IReadOnlyList<SqlName> UncheckedFunctions)
{
    /// <summary>
    /// Why PostgreSQL refuses to run it inside a transaction block (VACUUM, … CONCURRENTLY); null for every other
    /// statement. Such a statement cannot be rolled back, so its effect cannot be measured before it is kept.
    /// </summary>
    public string? OutsideTransactionReason { get; init; }
}

/// <summary>A syntax error reported by PostgreSQL's parser, with the 0-based character position in the script.</summary>
public sealed record SqlSyntaxError(string Message, int Position);

/// <summary>The whole script: its statements in order, or the syntax error that stopped parsing.</summary>
public sealed record ScriptVerdict(IReadOnlyList<StatementVerdict> Statements, SqlSyntaxError? Error);
