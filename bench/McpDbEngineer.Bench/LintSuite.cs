using System.Diagnostics;
using System.Globalization;
using System.Text;
using McpDbEngineer.Migrations.Lint;

namespace McpDbEngineer.Bench;

/// <summary>
/// Lint time for a 1,000-statement migration over the sample tables: the linter alone in process, the CLI as a CI job
/// runs it (a process per run, no database), and lint_migration through MCP, graded by live table sizes.
/// </summary>
public sealed class LintSuite(Action<string> progress)
{
    public const int Statements = 1_000;

    private const int InProcessRuns = 30;
    private const int ProcessRuns = 10;
    private const int ToolRuns = 30;

    private static readonly string[] Tables = ["orders", "customers", "products", "order_items", "payments", "shipments", "reviews"];

    // A realistic mix: safe and unsafe forms of what migrations do most, on existing tables and on new ones.
    private static readonly string[] Templates =
    [
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS {t}_idx_{i} ON {t} (id);",
        "CREATE INDEX {t}_plain_{i} ON {t} (id);",
        "ALTER TABLE {t} ADD COLUMN IF NOT EXISTS c_{i} text;",
        "ALTER TABLE {t} ADD COLUMN v_{i} uuid DEFAULT gen_random_uuid();",
        "ALTER TABLE {t} ADD CONSTRAINT chk_{i} CHECK (id > 0) NOT VALID;",
        "ALTER TABLE {t} VALIDATE CONSTRAINT chk_{i};",
        "CREATE TABLE IF NOT EXISTS new_{i} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamp, name varchar(40));",
        "UPDATE {t} SET id = id WHERE id BETWEEN {i} AND {i} + 1000;",
        "ALTER TABLE {t} ALTER COLUMN c_{i} SET NOT NULL;",
        "COMMENT ON TABLE {t} IS 'migration {i}';",
    ];

    public static string Migration()
    {
        var sql = new StringBuilder("SET lock_timeout = '2s';\n");
        for (var i = 1; i < Statements; i++)
        {
            var template = Templates[i % Templates.Length];
            sql.AppendLine(template.Replace("{t}", Tables[i % Tables.Length], StringComparison.Ordinal)
                .Replace("{i}", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        return sql.ToString();
    }

    public async Task<IReadOnlyList<Measurement>> RunAsync(ServerCommand server)
    {
        var sql = Migration();
        var results = new List<Measurement>();

        progress($"lint: {InProcessRuns} × the linter in process on {Statements:N0} statements");
        var findings = MigrationLinter.Lint("bench.sql", sql, new LintOptions()).Findings.Count;
        var inProcess = await Timings.MeasureAsync(InProcessRuns, () =>
        {
            MigrationLinter.Lint("bench.sql", sql, new LintOptions());
            return Task.CompletedTask;
        });
        results.Add(new($"lint {Statements:N0} statements: in process (parse + rules, {findings} findings)", $"{inProcess.Median:0.0} / {inProcess.P95:0.0} ms", inProcess.Median));

        var file = Path.Combine(Path.GetTempPath(), $"mcpdb-bench-lint-{Environment.ProcessId}.sql");
        await File.WriteAllTextAsync(file, sql);
        try
        {
            progress($"lint: {ProcessRuns} × `{server.Label} lint` as a process");
            var cli = server with { Arguments = [.. server.Arguments.TakeWhile(a => a != "serve"), "lint", file] };
            var process = await Timings.MeasureAsync(ProcessRuns, () => RunToEndAsync(cli));
            results.Add(new($"lint {Statements:N0} statements: `mcp-db-engineer lint FILE` process, no database", $"{process.Median:0} / {process.P95:0} ms", process.Median));
        }
        finally
        {
            File.Delete(file);
        }

        progress($"lint: {ToolRuns} × lint_migration through MCP, graded by live sizes");
        await using var running = await server.StartAsync();
        var arguments = new Dictionary<string, object?> { ["sql"] = sql };
        var first = await ToolAnswer.CallAsync(running.Client, "lint_migration", arguments);
        if (first.IsError)
        {
            results.Add(new($"lint {Statements:N0} statements: lint_migration through MCP", "error: " + first.Text.ReplaceLineEndings(" ")));
            return results;
        }

        var tool = await Timings.MeasureAsync(ToolRuns, () => ToolAnswer.CallAsync(running.Client, "lint_migration", arguments));
        results.Add(new($"lint {Statements:N0} statements: lint_migration through MCP, graded by live sizes", $"{tool.Median:0.0} / {tool.P95:0.0} ms, {first.Utf8Bytes:N0} B", tool.Median));
        return results;
    }

    private static async Task RunToEndAsync(ServerCommand command)
    {
        var start = new ProcessStartInfo(command.Command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await Task.WhenAll(stdout, stderr);
    }
}
