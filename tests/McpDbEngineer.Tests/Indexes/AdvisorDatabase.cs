using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Indexes;

/// <summary>
/// The sample database plus an append-only event table (time in insertion order, large enough for BRIN) and a table
/// written far more than it is read.
/// </summary>
public sealed class AdvisorDatabase : SampleDatabaseFixture, IAsyncLifetime
{
    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await ExecuteAsync("""
            CREATE TABLE activity (id bigint PRIMARY KEY, user_id int NOT NULL, occurred_at timestamptz NOT NULL, payload text NOT NULL);
            INSERT INTO activity SELECT i, i % 1000, timestamptz '2025-01-01' + i * interval '1 minute', md5(i::text) FROM generate_series(1, 200000) i;
            CREATE TABLE audit_events (id bigint, kind int NOT NULL, body text);
            INSERT INTO audit_events SELECT i, i % 50, 'x' FROM generate_series(1, 120000) i;
            """);
        await ExecuteAsync("SELECT pg_stat_force_next_flush()");
        await ExecuteAsync("ANALYZE activity, audit_events");
        // activity was loaded before the statistics were last reset, as a table in use for a while is: not write-heavy.
        await ExecuteAsync("SELECT pg_stat_reset_single_table_counters('activity'::regclass)");
    }
}
