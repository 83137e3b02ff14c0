using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace McpDbEngineer.Bench;

/// <summary>The results as one Markdown table, with the machine they were measured on.</summary>
public static class Report
{
    /// <summary>The targets of the Performance issue, checked against the first server (ours).</summary>
    private static readonly Dictionary<string, (string Text, double Limit)> Targets = new()
    {
        [Suite.ColdStart] = ("≤ 40 ms median", 40),
        [Suite.SelectOne] = ("≤ 0.45 ms median", 0.45),
        [Suite.PeakRss] = ("≤ 80 MB", 80),
        [Suite.ToolsListPerTool] = ("≤ 700 B", 700),
    };

    public static string Render(
        IReadOnlyList<(string Label, IReadOnlyList<Measurement> Results)> servers, IReadOnlyList<string> notes, string postgresVersion, string? database = null, string? profile = null)
    {
        var text = new StringBuilder();
        text.AppendLine("# Benchmark: McpDbEngineer over stdio")
            .AppendLine()
            .AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `bash bench/run.sh` through the C# MCP SDK client (spawn, handshake, calls over stdio).")
            .AppendLine($"Machine: {Machine()}. PostgreSQL {postgresVersion} on the same machine (throwaway local cluster, fsync off); " +
                        $"database: {database ?? $"the sample shop plus {BenchDatabase.WideTables:N0} tables in schema `{BenchDatabase.WideSchema}`"}.")
            .AppendLine(profile is null ? "Profile: the machine as it is (no pinning)." : $"Profile: {profile}.")
            .AppendLine("Times are median / p95.")
            .AppendLine();

        text.Append("| metric | target |");
        foreach (var (label, _) in servers)
        {
            text.Append($" {label} |");
        }

        text.AppendLine().Append("|---|---|").AppendLine(string.Concat(servers.Select(_ => "---|")));
        var ours = servers[0].Results;
        foreach (var metric in servers.SelectMany(s => s.Results).Select(r => r.Metric).Distinct())
        {
            var target = Targets.TryGetValue(metric, out var t) ? t : default;
            text.Append($"| {metric} | {target.Text ?? ""} |");
            var baseline = ours.FirstOrDefault(r => r.Metric == metric)?.Number;
            for (var i = 0; i < servers.Count; i++)
            {
                var result = servers[i].Results.FirstOrDefault(r => r.Metric == metric);
                var cell = result?.Value ?? "—";
                if (result?.Number is { } number)
                {
                    if (i == 0 && target.Text is not null)
                    {
                        cell += number <= target.Limit ? " **met**" : " **missed**";
                    }
                    else if (i > 0 && baseline is > 0 && metric != "tools/list: tools")
                    {
                        cell += $" (×{(number / baseline.Value).ToString("0.0", CultureInfo.InvariantCulture)})";
                    }
                }

                text.Append($" {cell} |");
            }

            text.AppendLine();
        }

        if (servers.Count > 1)
        {
            text.AppendLine().AppendLine($"(×n) is the ratio to {servers[0].Label}: above 1 means more time, bytes or memory than ours.");
        }

        foreach (var note in notes)
        {
            text.AppendLine().AppendLine(note);
        }

        return text.ToString();
    }

    public static string Machine()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var os = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') ?? RuntimeInformation.OSDescription;
        var kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        var ramGb = long.Parse(memKb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
        return $"{cpu}, {Environment.ProcessorCount} cores, {ramGb:0} GB RAM, {os} (kernel {kernel}), client on {RuntimeInformation.FrameworkDescription}";
    }
}
