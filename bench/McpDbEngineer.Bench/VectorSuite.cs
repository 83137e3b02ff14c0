using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace McpDbEngineer.Bench;

/// <summary>
/// recommend_vector_index with measure on synthetic clustered vectors: 100,000 × 128 dimensions drawn from 100 Gaussian
/// clusters (fixed seed) in the bench's throwaway database, then one call through the MCP client; reports the
/// recommended index's recall@10 and p50 latency at the setting it found, against exact search, into vector.md.
/// </summary>
public sealed partial class VectorSuite(Action<string> progress)
{
    public const int Rows = 100_000;
    public const int Dimensions = 128;
    private const int Clusters = 100;
    private const int Seed = 42;

    public async Task<string> RunAsync(ServerCommand server, string connectionString)
    {
        progress($"generating {Rows:N0} × {Dimensions} clustered vectors (seed {Seed})");
        await GenerateAsync(connectionString);
        await using var running = await server.StartAsync();
        progress("recommend_vector_index with measure (builds HNSW and IVFFlat on a shadow sample)");
        var clock = Stopwatch.StartNew();
        var answer = await ToolAnswer.CallAsync(running.Client, "recommend_vector_index",
            new() { ["table"] = "bench_vectors", ["distance"] = "<->", ["measure"] = true, ["sample_rows"] = Rows, ["k"] = 10, ["target_recall"] = 0.95 });
        var seconds = clock.Elapsed.TotalSeconds;
        if (answer.IsError)
        {
            throw new InvalidOperationException(answer.Text);
        }

        var exact = ExactPattern().Match(answer.Text);
        var meets = MeetsPattern().Match(answer.Text);
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{Rows:N0} vectors × {Dimensions} dimensions from {Clusters} Gaussian clusters (seed {Seed}); k = 10, target recall 0.95, L2 distance; 100 held-out rows as queries; one call through the MCP client ({seconds:0} s in all).")
            .AppendLine()
            .AppendLine("| search | recall@10 | p50 latency |")
            .AppendLine("|---|---|---|")
            .AppendLine(CultureInfo.InvariantCulture, $"| exact (sequential scan) | 1 | {exact.Groups[1].Value} |")
            .AppendLine(meets.Success
                ? $"| {meets.Groups[1].Value}, SET {meets.Groups[2].Value} | {meets.Groups[3].Value} | {meets.Groups[4].Value} |"
                : "| no setting reached the target | | |")
            .AppendLine()
            .AppendLine("The tool's answer:")
            .AppendLine()
            .AppendLine("```")
            .AppendLine(answer.Text)
            .AppendLine("```");
        return report.ToString();
    }

    /// <summary>Rows as pgvector text through COPY: cluster centers uniform in [-1, 1], points Gaussian around them (σ 0.15).</summary>
    private static async Task GenerateAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand(
            $"DROP TABLE IF EXISTS bench_vectors; CREATE TABLE bench_vectors (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, embedding vector({Dimensions}) NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var random = new Random(Seed);
        var centers = Enumerable.Range(0, Clusters).Select(_ => Enumerable.Range(0, Dimensions).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
        await using (var writer = await connection.BeginTextImportAsync("COPY bench_vectors (embedding) FROM STDIN"))
        {
            var line = new StringBuilder();
            for (var i = 0; i < Rows; i++)
            {
                var center = centers[random.Next(Clusters)];
                line.Clear().Append('[');
                for (var d = 0; d < Dimensions; d++)
                {
                    line.Append(d == 0 ? "" : ",").Append((center[d] + 0.15 * Gaussian(random)).ToString("0.#####", CultureInfo.InvariantCulture));
                }

                await writer.WriteLineAsync(line.Append(']').ToString());
            }
        }

        await using var analyze = new NpgsqlCommand("ANALYZE bench_vectors", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [GeneratedRegex(@"exact search: p50 (\S+),")]
    private static partial Regex ExactPattern();

    [GeneratedRegex(@"meets recall [\d.]+: (\w+) with SET (\S+ = \d+) \(recall ([\d.]+), p50 (\S+),")]
    private static partial Regex MeetsPattern();
}
