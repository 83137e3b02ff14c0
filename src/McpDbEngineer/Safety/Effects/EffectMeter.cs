using McpDbEngineer.Catalog;
using McpDbEngineer.Database;
using McpDbEngineer.Sql;
using Npgsql;

namespace McpDbEngineer.Safety.Effects;

/// <summary>
/// Measures what one read-write call does in its transaction: a reading at the start (<see cref="StartAsync"/>, after the
/// guard has vetted the statements, whose probe writes catalog rows of its own) and one before COMMIT
/// (<see cref="MeasureAsync"/>: one more round trip, two when a multi-row change needs a table counted). The catalog is
/// snapshotted only when the statements can change it.
/// </summary>
public sealed class EffectMeter
{
    /// <summary>Tables up to this many pages (8 MB) are counted exactly when their size decides; larger ones are estimated like the planner does.</summary>
    private const long CountedPages = 1024;

    /// <summary>A large table without statistics is counted up to this many rows: enough to judge a share, bounded in time.</summary>
    private const long CountCap = 200_000;

    /// <summary>Commands that cannot change the catalog unless they call user code (which a snapshot is then taken for).</summary>
    private static readonly HashSet<string> PlainCommands = new(StringComparer.Ordinal)
    {
        "SELECT", "VALUES", "INSERT", "UPDATE", "DELETE", "MERGE", "COPY FROM", "COPY TO",
    };

    /// <summary>Statements that rewrite a table's data file themselves (a new file is then not a hidden TRUNCATE).</summary>
    private static readonly HashSet<string> Rewrites = new(StringComparer.Ordinal)
    {
        "ALTER TABLE", "CLUSTER", "VACUUM", "VACUUM FULL", "REFRESH MATERIALIZED VIEW", "TRUNCATE",
    };

    private readonly bool _catalog;
    private readonly bool _rewrites;
    private readonly Dictionary<long, (long Ins, long Upd, long Del)> _start = [];
    private long _catalogRowsAtStart;
    private IReadOnlyList<CatalogObject> _before = [];

    /// <param name="callsUserFunctions">Whether the statements reach user functions (as the guard's vetting found).</param>
    public EffectMeter(IReadOnlyList<StatementVerdict> statements, bool callsUserFunctions)
    {
        _catalog = CanChangeCatalog(statements, callsUserFunctions);
        _rewrites = statements.Any(s => Rewrites.Contains(s.Command));
    }

    /// <summary>
    /// Plain INSERT, UPDATE, DELETE, MERGE, COPY and SELECT that reach no user function cannot change the catalog (code a
    /// trigger or a default runs still can: <see cref="MeasuredEffect.CatalogRowsWritten"/> catches that).
    /// </summary>
    public static bool CanChangeCatalog(IReadOnlyList<StatementVerdict> statements, bool callsUserFunctions) =>
        callsUserFunctions || statements.Any(s => !PlainCommands.Contains(s.Command) || s.Class is not (StatementClass.Read or StatementClass.Write));

    /// <summary>The start reading, in one round trip: the catalog rows written so far, and the snapshot when one is taken.</summary>
    public async Task StartAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(EmbeddedFiles.Get(connection.PostgreSqlVersion.Major >= 15
            ? "Safety/Effects/Sql/row_counts_start.sql"
            : "Safety/Effects/Sql/row_counts_start_full.sql")));
        if (_catalog)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(EmbeddedFiles.Get("Safety/Effects/Sql/catalog_snapshot.sql")));
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var relid = reader.GetInt64(0);
            if (relid == 0)
            {
                _catalogRowsAtStart = reader.GetInt64(3);
            }
            else
            {
                _start[relid] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
            }
        }

        if (_catalog)
        {
            await reader.NextResultAsync(cancellationToken);
            _before = await ReadSnapshotAsync(reader, cancellationToken);
        }
    }

    /// <summary>
    /// What the call did so far in this transaction: one round trip before COMMIT, and a second only when a table
    /// lost or changed at least <paramref name="minimumRowsForShare"/> rows and is small or has no statistics, so
    /// that its size is counted rather than estimated.
    /// </summary>
    public async Task<MeasuredEffect> MeasureAsync(NpgsqlConnection connection, long minimumRowsForShare, CancellationToken cancellationToken)
    {
        var readings = new List<Reading>();
        long catalogRows = 0;
        IReadOnlyList<CatalogChange>? catalog = null;
        await using (var batch = new NpgsqlBatch(connection))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(EmbeddedFiles.Get("Safety/Effects/Sql/row_counts.sql"))
            {
                Parameters =
                {
                    new() { Value = _start.Keys.ToArray() },
                    new() { Value = _start.Values.Select(v => v.Ins).ToArray() },
                    new() { Value = _start.Values.Select(v => v.Upd).ToArray() },
                    new() { Value = _start.Values.Select(v => v.Del).ToArray() },
                    new() { Value = _catalogRowsAtStart },
                },
            });
            if (_catalog)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(EmbeddedFiles.Get("Safety/Effects/Sql/catalog_snapshot.sql")));
            }

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetInt64(0) == 0)
                {
                    catalogRows = reader.GetInt64(4);
                    continue;
                }

                readings.Add(new Reading(
                    reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                    reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.GetInt64(6), reader.GetBoolean(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8)));
            }

            if (_catalog)
            {
                await reader.NextResultAsync(cancellationToken);
                catalog = CatalogDiff.Compare(_before, await ReadSnapshotAsync(reader, cancellationToken), _rewrites);
            }
        }

        var toCount = readings
            .Where(r => r.Updated + r.Deleted >= minimumRowsForShare && r.Readable && (r.Estimate is null || r.Pages <= CountedPages))
            .ToList();
        var counts = toCount.Count == 0 ? [] : await CountAsync(connection, toCount, cancellationToken);
        var tables = readings
            .Select(r => counts.TryGetValue(r, out var now)
                ? new TableChange(r.Table, r.Inserted, r.Updated, r.Deleted, now - r.Inserted + r.Deleted, now < CountCap, r.CascadeFrom)
                : new TableChange(r.Table, r.Inserted, r.Updated, r.Deleted, r.Estimate, false, r.CascadeFrom))
            .OrderBy(t => t.Table, StringComparer.Ordinal)
            .ToList();
        return new MeasuredEffect(tables, catalog, catalogRows);
    }

    /// <summary>One table's counters and the planner's estimate of its size, as read before COMMIT.</summary>
    private sealed record Reading(string Table, long Inserted, long Updated, long Deleted, long? Estimate, long Pages, bool Readable, string? CascadeFrom);

    /// <summary>The rows of each table now, counted up to <see cref="CountCap"/>: one round trip for all of them.</summary>
    private static async Task<Dictionary<Reading, long>> CountAsync(NpgsqlConnection connection, List<Reading> tables, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var table in tables)
        {
            // The name was quoted by PostgreSQL (format('%I.%I')) from the catalog: no agent text reaches this SQL.
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT count(*) FROM (SELECT FROM ONLY {table.Table} LIMIT {CountCap}) r"));
        }

        var counts = new Dictionary<Reading, long>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        foreach (var table in tables)
        {
            await reader.ReadAsync(cancellationToken);
            counts[table] = reader.GetInt64(0);
            await reader.NextResultAsync(cancellationToken);
        }

        return counts;
    }

    private static async Task<IReadOnlyList<CatalogObject>> ReadSnapshotAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var objects = new List<CatalogObject>();
        while (await reader.ReadAsync(cancellationToken))
        {
            objects.Add(CatalogObject.FromRow(
                reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? "" : reader.GetString(2),
                reader.IsDBNull(3) ? [] : reader.GetFieldValue<string[]>(3)));
        }

        return objects;
    }
}
