using Npgsql;

namespace McpDbEngineer.Database;

/// <summary>
/// A read whose statements go to PostgreSQL in one batch with the transaction around them: the executor puts the
/// opening (BEGIN, time limits, READ ONLY, the role) before <see cref="Commands"/> and the ROLLBACK after, so the whole
/// call is one round trip. The batch returns its results in text form (PostgreSQL's own output for every type).
/// </summary>
/// <param name="Commands">The statements, made anew for each attempt (a transient fault runs the read again).</param>
/// <param name="ReadAsync">Reads what the statements returned. The reader stands on the transaction's own result:
/// each <c>NextResultAsync</c> that answers true moves to the next result of the statements (statements without rows
/// are passed over). The batch is given to cancel what is still running.</param>
public sealed record BatchedRead<T>(
    Func<IEnumerable<NpgsqlBatchCommand>> Commands,
    Func<NpgsqlBatch, NpgsqlDataReader, CancellationToken, Task<T>> ReadAsync);
