using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Explain;

/// <summary>
/// The sample database plus tables shaped for the findings of explain_query: large enough for parallel plans and
/// sorts, correlated columns, an expression filter, vectors, and tables whose statistics are missing or stale.
/// </summary>
public sealed class PlanShapesDatabase : SampleDatabaseFixture, IAsyncLifetime
{
    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await ExecuteAsync("""
            CREATE TABLE big (id int PRIMARY KEY, v int NOT NULL, pad text NOT NULL);
            INSERT INTO big SELECT i, (i * 7919) % 100000, repeat('x', 40) FROM generate_series(1, 100000) i;
            CREATE TABLE activity (id bigint PRIMARY KEY, user_id int NOT NULL, occurred_at timestamptz NOT NULL, payload text NOT NULL);
            INSERT INTO activity SELECT i, i % 1000, timestamptz '2025-01-01' + i * interval '1 minute', md5(i::text) FROM generate_series(1, 100000) i;
            CREATE TABLE people (id int PRIMARY KEY, email text NOT NULL, bio text);
            INSERT INTO people SELECT i, 'User' || i || '@example.com', NULL FROM generate_series(1, 20000) i;
            CREATE TABLE pairs (a int NOT NULL, b int NOT NULL);
            INSERT INTO pairs SELECT i % 100, i % 100 FROM generate_series(1, 20000) i;
            CREATE TABLE vectors (id int PRIMARY KEY, embedding vector(3) NOT NULL);
            INSERT INTO vectors SELECT i, ARRAY[random(), random(), random()]::vector FROM generate_series(1, 10000) i;
            CREATE TABLE fresh (id int, v int) WITH (autovacuum_enabled = off);
            INSERT INTO fresh SELECT i, i FROM generate_series(1, 10000) i;
            CREATE TABLE churned (id int, v int) WITH (autovacuum_enabled = off);
            INSERT INTO churned SELECT i, i FROM generate_series(1, 10000) i;
            """);
        // The inserts' row counts reach pg_stat only when the session reports them (at most once a second): report them
        // now, or they would land after the ANALYZE and make the tables look changed since it.
        await ExecuteAsync("SELECT pg_stat_force_next_flush()");
        await ExecuteAsync("ANALYZE big, activity, people, pairs, vectors, churned");
        await ExecuteAsync("UPDATE churned SET v = v + 1");
    }
}
