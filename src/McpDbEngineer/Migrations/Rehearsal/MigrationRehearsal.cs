using McpDbEngineer.Catalog;
using McpDbEngineer.Database;
using McpDbEngineer.Shadow;
using McpDbEngineer.Sql;
using Microsoft.Extensions.Options;
using Npgsql;

namespace McpDbEngineer.Migrations.Rehearsal;

/// <summary>
/// Rehearses a migration on a shadow database, never on the target: up → schema snapshot → down → snapshot → up
/// again. The down is proven when the schema after it equals the schema before the up, object by object; every
/// statement reports its duration, its error with the position, the locks it held and the tables it rewrote, with
/// how long each lock would be held on the target, from the target's sizes (the target is only read for them).
/// </summary>
public sealed class MigrationRehearsal(ShadowDatabases shadows, DatabaseExecutor executor, IOptions<ShadowOptions> options)
{
    /// <summary>Rows per table a shadow may sample: enough for the planner and for an index build to take time.</summary>
    public const int MaxSampleRows = 100_000;

    public async Task<string> RehearseAsync(RehearsalRequest request, IProgress<RehearsalProgress>? progress, CancellationToken cancellationToken) =>
        RehearsalReport.Write(await RunAsync(request, progress, cancellationToken));

    public async Task<Rehearsal> RunAsync(RehearsalRequest request, IProgress<RehearsalProgress>? progress, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Up))
        {
            throw new ToolException("Give the up migration as SQL (up), and its down (down), or one dbmate file (-- migrate:up / -- migrate:down) as up.");
        }

        if (request.SampleRows is < 0 or > MaxSampleRows)
        {
            throw new ToolException($"sample_rows is between 0 (schema only) and {MaxSampleRows}.");
        }

        var (upText, downText) = MigrationScript.Read(request.Up, request.Down);
        var up = MigrationScript.Statements(upText, "up");
        var down = downText is null ? [] : MigrationScript.Statements(downText, "down");
        if (up.Count == 0)
        {
            throw new ToolException("The up migration holds no statement.");
        }

        var total = 1 + up.Count + 1 + (down.Count > 0 ? down.Count + 1 + up.Count : 0) + 1;
        var done = 0;
        void Step(string message) => progress?.Report(new RehearsalProgress(++done, total, message));

        var reused = request.Shadow is { Length: > 0 };
        var shadow = reused
            ? shadows.Kept(request.Shadow!)
            : await shadows.CreateAsync(request.SampleRows, new Progress<string>(m => progress?.Report(new RehearsalProgress(done, total, m))), cancellationToken);
        var keep = request.KeepShadow || reused;
        try
        {
            Step($"shadow {shadow.Name} ready");
            var runner = new StatementRunner(shadow.Connection, options.Value.StatementTimeoutSeconds);
            await using var connection = await runner.OpenAsync(cancellationToken);
            var beforeUp = await SchemaSnapshot.TakeAsync(connection, cancellationToken);

            var upRuns = await RunAllAsync(runner, connection, up, "up", Step, cancellationToken);
            var afterUp = await SchemaSnapshot.TakeAsync(connection, cancellationToken);
            Step("schema after up read");
            IReadOnlyList<StatementRun>? downRuns = null;
            IReadOnlyList<StatementRun>? upAgain = null;
            IReadOnlyList<SchemaDifference>? differences = null;
            if (down.Count > 0 && !upRuns.Any(r => r.Failed))
            {
                downRuns = await RunAllAsync(runner, connection, down, "down", Step, cancellationToken);
                if (!downRuns.Any(r => r.Failed))
                {
                    differences = SchemaDiff.Compare(beforeUp, await SchemaSnapshot.TakeAsync(connection, cancellationToken));
                    Step("schema after down compared");
                    upAgain = await RunAllAsync(runner, connection, up, "up again", Step, cancellationToken);
                }
            }

            var sizes = await TargetSizesAsync(upRuns.Concat(downRuns ?? []), cancellationToken);
            Step("target sizes read");
            if (keep)
            {
                shadows.Keep(shadow);
            }

            return new Rehearsal(shadow, keep, reused, upRuns, downRuns, upAgain, differences, SchemaDiff.Compare(beforeUp, afterUp), sizes);
        }
        finally
        {
            if (!keep)
            {
                await shadows.DropAsync(shadow);
            }
        }
    }

    /// <summary>Runs statements in order and stops at the first that fails (the ones after it would run on a state the migration never reaches).</summary>
    private static async Task<IReadOnlyList<StatementRun>> RunAllAsync(
        StatementRunner runner, NpgsqlConnection connection, IReadOnlyList<MigrationStatement> statements, string which,
        Action<string> step, CancellationToken cancellationToken)
    {
        var runs = new List<StatementRun>();
        foreach (var statement in statements)
        {
            var run = await runner.RunAsync(connection, statement, cancellationToken);
            runs.Add(run);
            step($"{which} statement {statement.Number} of {statements.Count}: {(run.Failed ? "failed" : "ran")}");
            if (run.Failed)
            {
                break;
            }
        }

        return runs;
    }

    /// <summary>The target's sizes of the relations the statements locked: one catalog query on the target, read only.</summary>
    private async Task<IReadOnlyDictionary<string, TargetSize>> TargetSizesAsync(IEnumerable<StatementRun> runs, CancellationToken cancellationToken)
    {
        var names = runs.SelectMany(r => r.Locks.Select(l => l.Relation).Concat(r.Work.Rewritten)).Distinct(StringComparer.Ordinal).ToArray();
        if (names.Length == 0)
        {
            return new Dictionary<string, TargetSize>();
        }

        return await executor.CatalogAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(EmbeddedFiles.Get("Migrations/Rehearsal/Sql/target_sizes.sql"), connection)
            {
                Parameters = { new() { Value = names } },
            };
            await using var reader = await command.ExecuteReaderAsync(ct);
            var sizes = new Dictionary<string, TargetSize>(StringComparer.Ordinal);
            while (await reader.ReadAsync(ct))
            {
                sizes[reader.GetString(0)] = new TargetSize(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
            }

            return sizes;
        }, cancellationToken);
    }
}
