using System.Globalization;
using System.Text.RegularExpressions;
using McpDbEngineer.Sandbox;
using Npgsql;

namespace McpDbEngineer.Bench;

/// <summary>
/// rehearse_migration on the sample shop (not the 5,000-table schema: the issue asks for the sample database), through
/// the server's embedded shadow cluster: the first call (which also runs initdb for the shadow cluster), then repeated
/// rehearsals of one migration (a column type change that rewrites orders, an index, and their down) schema-only and
/// with 1,000 sampled rows per table. The shadow copy's share is read from the answers.
/// </summary>
public sealed partial class RehearsalSuite(int runs, Action<string> progress)
{
    public const string Database = "rehearse_sample";

    private const string Up = "ALTER TABLE orders ALTER COLUMN total_cents TYPE bigint;\nCREATE INDEX orders_note_idx ON orders (note);";
    private const string Down = "DROP INDEX orders_note_idx;\nALTER TABLE orders ALTER COLUMN total_cents TYPE integer;";

    /// <summary>The sample shop as its own database beside the benchmark's.</summary>
    public static async Task<NpgsqlConnectionStringBuilder> PrepareAsync(NpgsqlConnectionStringBuilder benchmark)
    {
        var admin = new NpgsqlConnectionStringBuilder(benchmark.ConnectionString) { Database = "postgres" };
        await SampleSchema.EnsureAsync(admin, Database, CancellationToken.None);
        return new NpgsqlConnectionStringBuilder(benchmark.ConnectionString) { Database = Database };
    }

    public async Task<IReadOnlyList<Measurement>> RunAsync(ServerCommand server, string sampleConnection, string shadowDirectory)
    {
        var rehearsing = server with { Arguments = ["serve", "--connection", sampleConnection, "--shadow-dir", shadowDirectory] };
        var results = new List<Measurement>();
        await using var running = await rehearsing.StartAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var first = await RehearseAsync(running, 0);
        results.Add(new("rehearse_migration, first call (initdb of the embedded shadow cluster included)", $"{clock.Elapsed.TotalMilliseconds:0} ms"));
        if (first.IsError)
        {
            results.Add(new("rehearse_migration", "error: " + first.Text.ReplaceLineEndings(" ")));
            return results;
        }

        foreach (var sampleRows in new[] { 0, 1000 })
        {
            var label = sampleRows == 0 ? "schema only" : $"{sampleRows:N0} rows per table sampled";
            progress($"{server.Label}: {runs} × rehearse_migration, {label}");
            var copies = new List<double>();
            var timings = await Timings.MeasureAsync(runs, async () => copies.Add(CopyMs((await RehearseAsync(running, sampleRows)).Text)));
            var copy = new Timings(copies);
            results.Add(new(
                $"rehearse_migration on the sample shop, {label} (up → down → up of a type change + an index; shadow made and dropped)",
                $"{timings.Median:0} / {timings.P95:0} ms ({timings.Count} calls; shadow copy {copy.Median:0} ms of it)",
                timings.Median));
        }

        return results;
    }

    private static Task<ToolAnswer> RehearseAsync(RunningServer running, int sampleRows) =>
        ToolAnswer.CallAsync(running.Client, "rehearse_migration", new() { ["up"] = Up, ["down"] = Down, ["sample_rows"] = sampleRows });

    private static double CopyMs(string answer)
    {
        var match = CopyTime().Match(answer);
        if (!match.Success)
        {
            throw new InvalidOperationException("rehearse_migration answered without the copy time: " + answer);
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value == "s" ? value * 1000 : value;
    }

    [GeneratedRegex(@"schema copied in ([\d.]+)(ms|s)")]
    private static partial Regex CopyTime();
}
