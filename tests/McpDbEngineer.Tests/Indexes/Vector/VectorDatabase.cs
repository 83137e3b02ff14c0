using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Indexes.Vector;

/// <summary>
/// The sample database plus vt: 12,000 uniformly random 32-dimension vectors (fixed seed) in 10 groups, hard enough
/// for an approximate index that a narrow search misses neighbors, and a workload that searches it by cosine
/// distance filtered by group (recorded by pg_stat_statements).
/// </summary>
public sealed class VectorDatabase : SampleDatabaseFixture
{
    public const int Rows = 12_000;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ExecuteAsync(
            $"""
            CREATE TABLE vt (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, grp int NOT NULL, v vector(32) NOT NULL);
            SELECT setseed(0.5);
            INSERT INTO vt (grp, v)
            SELECT g % 10, (SELECT array_agg(random()::real)::vector(32) FROM generate_series(1, 32) WHERE g > 0)
            FROM generate_series(1, {Rows}) g;
            ANALYZE vt;
            SELECT id FROM vt WHERE grp = 3 ORDER BY v <=> (SELECT v FROM vt WHERE id = 1) LIMIT 5;
            """);
    }
}
