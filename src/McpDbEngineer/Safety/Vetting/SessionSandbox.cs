using McpDbEngineer.Sql;
using Npgsql;

namespace McpDbEngineer.Safety.Vetting;

/// <summary>
/// Whether the session is sealed: it acts as the restricted role, which cannot reach the server's files or programs,
/// inside a READ ONLY transaction, in a database with no way out of it (no dblink or file/foreign-data extensions, no
/// SECURITY DEFINER functions, no untrusted-language code outside extensions, no foreign tables). Only then may code
/// the guard cannot read (a PL/pgSQL helper, running with the caller's rights) run in read-only mode: whatever it
/// does, it can change nothing and reach nothing.
/// </summary>
/// <param name="Hatches">What in this database would let code out ("extension dblink"); empty when none.</param>
public sealed record SessionSandbox(bool Restricted, bool Sound, IReadOnlyList<string> Hatches)
{
    /// <summary>
    /// Nothing the session runs can leave the database: no role it can act as — the one it switched to, or the login
    /// it may switch back to (RESET ROLE) — reaches a server file or program, and the database offers no way out.
    /// </summary>
    public bool CannotLeave => Sound && Hatches.Count == 0;

    /// <summary>As <see cref="CannotLeave"/>, and acting as the restricted role (which can only read).</summary>
    public bool Sealed => Restricted && CannotLeave;

    public static async Task<SessionSandbox> ReadAsync(NpgsqlConnection connection, string restrictedRole, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(EmbeddedFiles.Get("Safety/Vetting/Sql/sandbox.sql"), connection)
        {
            Parameters = { new() { Value = restrictedRole } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new SessionSandbox(reader.GetBoolean(0), reader.GetBoolean(1), reader.GetFieldValue<string[]>(2));
    }
}
