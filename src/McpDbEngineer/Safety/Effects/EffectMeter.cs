using McpDbEngineer.Database;
using McpDbEngineer.Schema;
using Npgsql;

namespace McpDbEngineer.Safety.Effects;

/// <summary>
/// Measures what one read-write call does in its transaction: a reading at the start (sent in the same round trip as
/// the transaction's settings, see <see cref="Prologue"/>) and one before COMMIT (<see cref="MeasureAsync"/>: one
/// more round trip). The catalog is snapshotted only when the statements can change it.
/// </summary>
public sealed class EffectMeter
{
    /// <summary>Tables up to this many pages (8 MB) are counted exactly; larger ones are estimated like the planner does.</summary>
    private const int CountedPages = 1024;

    /// <summary>A large table without statistics is counted up to this many rows: enough to judge a share, bounded in time.</summary>
    private const long CountCap = 200_000;

    /// <summary>Commands that cannot change the catalog unless they call user code (which a snapshot is then taken for).</summary>
    private static readonly HashSet<string> PlainCommands = new(StringComparer.Ordinal)
    {
        "SELECT", "VALUES", "INSERT", "UPDATE", "DELETE", "MERGE", "COPY FROM", "COPY TO",
    };

    private readonly bool _catalog;
    private readonly Dictionary<long, (long Ins, long Upd, long Del)> _start = [];
    private long _catalogRowsAtStart;
    private IReadOnlyList<CatalogObject> _before = [];

    public EffectMeter(IReadOnlyList<StatementVerdict> statements) => _catalog = CanChangeCatalog(statements);

    /// <summary>True when a catalog snapshot is taken: DDL, utility statements, or calls of user functions.</summary>
    public bool SnapshotsCatalog => _catalog;

    /// <summary>
    /// Plain INSERT, UPDATE, DELETE, MERGE, COPY and SELECT without user functions cannot change the catalog (code a
    /// trigger or a default runs still can: <see cref="MeasuredEffect.CatalogRowsWritten"/> catches that).
    /// </summary>
    public static bool CanChangeCatalog(IReadOnlyList<StatementVerdict> statements) =>
        statements.Any(s => !PlainCommands.Contains(s.Command) || s.Class is not (StatementClass.Read or StatementClass.Write) || s.UncheckedFunctions.Count > 0);

    /// <summary>The start reading, to be sent with the transaction's settings: no round trip of its own.</summary>
    public TransactionPrologue Prologue => new(
        _catalog ? [SqlResources.Get("Safety/Effects/Sql/row_counts_start.sql"), SqlResources.Get("Safety/Effects/Sql/catalog_snapshot.sql")]
                 : [SqlResources.Get("Safety/Effects/Sql/row_counts_start.sql")],
        ReadStartAsync);

    private async Task ReadStartAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
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

    /// <summary>What the call did so far in this transaction: one round trip, before COMMIT.</summary>
    public async Task<MeasuredEffect> MeasureAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(SqlResources.Get("Safety/Effects/Sql/row_counts.sql"))
        {
            Parameters =
            {
                new() { Value = _start.Keys.ToArray() },
                new() { Value = _start.Values.Select(v => v.Ins).ToArray() },
                new() { Value = _start.Values.Select(v => v.Upd).ToArray() },
                new() { Value = _start.Values.Select(v => v.Del).ToArray() },
                new() { Value = CountedPages },
                new() { Value = CountCap },
                new() { Value = _catalogRowsAtStart },
            },
        });
        if (_catalog)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(SqlResources.Get("Safety/Effects/Sql/catalog_snapshot.sql")));
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var tables = new List<TableChange>();
        long catalogRows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetInt64(0) == 0)
            {
                catalogRows = reader.GetInt64(4);
                continue;
            }

            tables.Add(new TableChange(
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5),
                !reader.IsDBNull(6) && reader.GetBoolean(6)));
        }

        IReadOnlyList<CatalogChange>? catalog = null;
        if (_catalog)
        {
            await reader.NextResultAsync(cancellationToken);
            catalog = CatalogDiff.Compare(_before, await ReadSnapshotAsync(reader, cancellationToken));
        }

        tables.Sort((a, b) => string.CompareOrdinal(a.Table, b.Table));
        return new MeasuredEffect(tables, catalog, catalogRows);
    }

    private static async Task<IReadOnlyList<CatalogObject>> ReadSnapshotAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var objects = new List<CatalogObject>();
        while (await reader.ReadAsync(cancellationToken))
        {
            objects.Add(CatalogObject.FromRow(
                reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? "" : reader.GetString(2),
                reader.IsDBNull(3) ? [] : reader.GetFieldValue<string?[]>(3).OfType<string>()));
        }

        return objects;
    }
}
