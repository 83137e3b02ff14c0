using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Indexes;

/// <summary>
/// The sample database plus tables only a GIN index serves well: jsonb documents, array tags, a tsvector column beside
/// plain text, and names searched by substring (pg_trgm installed). 30,000 rows each, so that the shadow's sample of
/// 10,000 rows per table is a third of the target and a scan of it still costs more than an index.
/// </summary>
public sealed class GinDatabase : SampleDatabaseFixture, IAsyncLifetime
{
    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await ExecuteAsync("""
            CREATE EXTENSION pg_trgm;
            CREATE TABLE docs (
                id bigint PRIMARY KEY,
                payload jsonb NOT NULL,
                tags text[] NOT NULL,
                title text NOT NULL,
                body text NOT NULL,
                search tsvector NOT NULL);
            INSERT INTO docs
            SELECT i,
                   jsonb_build_object('kind', 'k' || (i % 500), 'n', i) || CASE WHEN i % 997 = 0 THEN '{"vip": true}'::jsonb ELSE '{}' END,
                   ARRAY['t' || (i % 700), 't' || (i % 13)],
                   'title ' || md5(i::text),
                   'word' || (i % 900) || ' filler text number ' || i,
                   to_tsvector('english', 'word' || (i % 900) || ' filler text number ' || i)
            FROM generate_series(1, 30000) i;
            ANALYZE docs;
            """);
    }
}
