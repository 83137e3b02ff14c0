using McpDbEngineer.Tests.Infrastructure;
using Npgsql;

namespace McpDbEngineer.Tests.Indexes;

/// <summary>
/// The sample database plus two schemas: <c>messy</c> shows every index hygiene problem review_indexes reports, once
/// each; <c>tidy</c> has none (its only non-constraint indexes serve a foreign key or are scanned).
/// </summary>
public sealed class HygieneDatabase : SampleDatabaseFixture, IAsyncLifetime
{
    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        // Reset first, so the window has a date and the scans below are counted in it.
        await ExecuteAsync("SELECT pg_stat_reset()");
        await ExecuteAsync("""
            CREATE SCHEMA messy;
            CREATE TABLE messy.accounts (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);
            INSERT INTO messy.accounts SELECT i, 'a' || i || '@x.org' FROM generate_series(1, 1000) i;
            CREATE INDEX accounts_id_idx ON messy.accounts (id);
            CREATE TABLE messy.events (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES messy.accounts, kind int NOT NULL, v int NOT NULL, created_at timestamptz NOT NULL);
            INSERT INTO messy.events SELECT i, 1 + i % 1000, i % 3, i, timestamptz '2025-01-01' + i * interval '1 minute' FROM generate_series(1, 20000) i;
            CREATE INDEX events_kind_idx ON messy.events (kind);
            CREATE INDEX events_v_idx ON messy.events (v);
            CREATE INDEX events_v_again_idx ON messy.events (v);
            CREATE INDEX events_created_idx ON messy.events (created_at);
            CREATE INDEX events_created_kind_idx ON messy.events (created_at, kind);
            CREATE TABLE messy.ledger (id int PRIMARY KEY, amount int NOT NULL);
            INSERT INTO messy.ledger SELECT i, i FROM generate_series(1, 200000) i;
            DELETE FROM messy.ledger WHERE id % 20 <> 0;

            CREATE SCHEMA tidy;
            CREATE TABLE tidy.parents (id bigint PRIMARY KEY);
            INSERT INTO tidy.parents SELECT generate_series(1, 100);
            CREATE TABLE tidy.children (id bigint PRIMARY KEY, parent_id bigint NOT NULL REFERENCES tidy.parents, code text NOT NULL);
            INSERT INTO tidy.children SELECT i, 1 + i % 100, 'c' || i FROM generate_series(1, 5000) i;
            CREATE INDEX children_parent_id_idx ON tidy.children (parent_id);
            CREATE INDEX children_code_idx ON tidy.children (code);
            """);
        // A unique index built CONCURRENTLY over duplicate keys fails and stays behind, invalid.
        await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync("CREATE UNIQUE INDEX CONCURRENTLY events_kind_key ON messy.events (kind)"));
        await ExecuteAsync("VACUUM ANALYZE messy.accounts, messy.events, messy.ledger, tidy.parents, tidy.children");
        // The statistics are flushed when the block's transaction ends, before the command returns.
        await ExecuteAsync("""
            DO $$ BEGIN
                PERFORM set_config('enable_seqscan', 'off', true);
                PERFORM * FROM tidy.children WHERE code = 'c42';
                PERFORM pg_stat_force_next_flush();
            END $$
            """);
    }
}
