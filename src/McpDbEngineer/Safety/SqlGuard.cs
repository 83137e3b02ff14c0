using McpDbEngineer.Database;
using Npgsql;

namespace McpDbEngineer.Safety;

/// <summary>
/// The one gate every tool that executes agent-supplied SQL goes through: it parses and classifies the SQL,
/// applies the access mode, asks a human for destructive statements, picks the transaction (read only,
/// read write, or rolled back) and records the outcome in the audit log.
/// </summary>
public sealed class SqlGuard(DatabaseExecutor executor)
{
    /// <summary>Authorizes <paramref name="request"/>, then runs <paramref name="work"/> in the transaction it calls for.</summary>
    public Task<T> ExecuteAsync<T>(SqlRequest request, Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        // Interim: read-only transaction for every intent until classification lands.
        executor.ReadOnlyAsync(work, cancellationToken);
}
