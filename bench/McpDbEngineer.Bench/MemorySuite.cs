using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace McpDbEngineer.Bench;

/// <summary>
/// Decision memory's search quality and speed: the committed memories (bench/memory/memories.tsv) are remembered
/// through the server, then each paraphrased question (questions.tsv, with the memory it should find) is asked with
/// full text only, vector only and hybrid search; recall@1 and recall@5 and the search latency are reported.
/// </summary>
public sealed partial class MemorySuite(Action<string> progress)
{
    private static readonly (string Label, string Signals)[] Modes = [("full text only", "fulltext"), ("vector only", "vector"), ("hybrid (full text + trigram + vector)", "")];

    public async Task<string> RunAsync(ServerCommand server, string dataFolder)
    {
        var memories = ReadTsv(Path.Combine(dataFolder, "memories.tsv"));
        var questions = ReadTsv(Path.Combine(dataFolder, "questions.tsv"));
        await using var running = await server.StartAsync();
        var ids = new Dictionary<string, string>();
        var remembered = new List<double>();
        progress($"remembering {memories.Count} memories (the first loads the local model)");
        foreach (var memory in memories)
        {
            var clock = Stopwatch.StartNew();
            var answer = await ToolAnswer.CallAsync(running.Client, "remember", new() { ["title"] = memory["title"], ["body"] = memory["body"] });
            remembered.Add(clock.Elapsed.TotalMilliseconds);
            ids[memory["key"]] = answer.IsError ? throw new InvalidOperationException(answer.Text) : IdPattern().Match(answer.Text).Value;
        }

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Memories: {memories.Count}; questions: {questions.Count} (paraphrases, each with the one memory it should find); model all-MiniLM-L6-v2 (local).")
            .AppendLine()
            .AppendLine("| search | recall@1 | recall@5 | latency median | p95 |")
            .AppendLine("|---|---|---|---|---|");
        foreach (var (label, signals) in Modes)
        {
            progress($"asking {questions.Count} questions: {label}");
            var (first, five, latencies) = (0, 0, new List<double>());
            foreach (var question in questions)
            {
                var clock = Stopwatch.StartNew();
                var answer = await ToolAnswer.CallAsync(running.Client, "search_memory", new() { ["query"] = question["question"], ["signals"] = signals, ["limit"] = 5 });
                latencies.Add(clock.Elapsed.TotalMilliseconds);
                var found = HitPattern().Matches(answer.Text).Select(m => m.Groups[1].Value).ToList();
                var place = found.IndexOf(ids[question["expected"]]);
                first += place == 0 ? 1 : 0;
                five += place is >= 0 and < 5 ? 1 : 0;
            }

            var timings = new Timings(latencies);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {label} | {Share(first, questions.Count)} | {Share(five, questions.Count)} | {timings.Median:0.0} ms | {timings.P95:0.0} ms |");
        }

        var rest = new Timings(remembered.Skip(1).ToList());
        report.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture,
                $"remember: the first call {remembered[0]:0} ms (loads the model), then median {rest.Median:0.0} ms, p95 {rest.P95:0.0} ms; peak resident memory of the server {running.PeakResidentBytes() / 1048576.0:0} MB.");
        return report.ToString();
    }

    private static string Share(int hits, int total) => $"{hits}/{total} ({100.0 * hits / total:0}%)";

    private static List<Dictionary<string, string>> ReadTsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var header = lines[0].Split('\t');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split('\t')).ToDictionary(p => p.First, p => p.Second))];
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex IdPattern();

    /// <summary>"1. [decision] Title · id · …": the ids of a search answer in order.</summary>
    [GeneratedRegex(@"^\d+\. \[\w+\] .*? · ([0-9a-f-]{36}) ·", RegexOptions.Multiline)]
    private static partial Regex HitPattern();
}
