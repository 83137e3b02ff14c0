using Npgsql;

namespace McpDbEngineer.Shadow;

/// <summary>
/// A scratch copy of the target's schema (and, when asked, a sample of its rows). <see cref="Connection"/> logs in as
/// the shadow's own owner: a role that is not a superuser, so the SQL run there cannot reach beyond this database (no
/// programs, no server files, no other database of the cluster).
/// </summary>
/// <param name="Server">Where it lives, for the answer ("embedded shadow cluster", "postgres@db-scratch:5432").</param>
/// <param name="SampledRows">Rows copied from the target, over all tables (0 for a schema-only copy).</param>
public sealed record ShadowDatabase(string Name, string Server, NpgsqlConnectionStringBuilder Connection, long SampledRows, TimeSpan CopyTime);
