using McpDbEngineer.Database;
using McpDbEngineer.Migrations.Lint.Output;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpDbEngineer.Migrations.Lint;

/// <summary>
/// `mcp-db-engineer lint FILES…` for CI: exit 0 when clean, 1 when a finding is an error, 2 on bad input (no file, an
/// unreadable file, a syntax error, an unknown format). Builds no MCP host; touches a database only when given
/// --connection, and then only to read table sizes.
/// </summary>
public static class LintCommand
{
    public const string FormatKey = "Lint:Format";

    private static readonly string[] Formats = ["text", "json", "sarif", "github"];

    public static async Task<int> RunAsync(
        IReadOnlyList<string> paths, IConfiguration configuration, string? connectionString, string version, TextWriter stdout, TextWriter stderr)
    {
        var format = configuration[FormatKey] ?? "text";
        if (!Formats.Contains(format))
        {
            await stderr.WriteLineAsync($"--format must be one of {string.Join(", ", Formats)}; got '{format}'.");
            return 2;
        }

        if (paths.Count == 0)
        {
            await stderr.WriteLineAsync("Name the migration files to lint: mcp-db-engineer lint db/migrations/*.sql");
            return 2;
        }

        var files = new List<MigrationFile>();
        foreach (var path in paths)
        {
            try
            {
                files.Add(new MigrationFile(path, await File.ReadAllTextAsync(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                await stderr.WriteLineAsync($"{path}: cannot read the file: {e.Message}");
                return 2;
            }
        }

        var options = new LintOptions();
        var databaseOptions = new DatabaseOptions();
        try
        {
            configuration.GetSection(LintOptions.Section).Bind(options);
            configuration.GetSection(DatabaseOptions.Section).Bind(databaseOptions);
        }
        catch (InvalidOperationException e)
        {
            await stderr.WriteLineAsync($"{e.Message} See mcp-db-engineer lint --help.");
            return 2;
        }

        LintRun run;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            run = await LintRunner.RunAsync(files, options, null, CancellationToken.None);
        }
        else
        {
            Npgsql.NpgsqlConnectionStringBuilder connection;
            try
            {
                connection = ConnectionStrings.Parse(connectionString);
            }
            catch (ToolException e)
            {
                await stderr.WriteLineAsync($"--connection: {e.Message}");
                return 2;
            }

            // The target owns the data source and disposes it.
            await using var database = new DatabaseTarget(_ => Task.FromResult(DataSourceFactory.Create(connection, databaseOptions)), NullLogger.Instance);
            var executor = new DatabaseExecutor(database, DatabaseResilience.Create(), Options.Create(databaseOptions));
            run = await LintRunner.RunAsync(files, options, executor, CancellationToken.None);
        }

        await stdout.WriteAsync(format switch
        {
            "json" => LintJsonWriter.Write(run.Reports),
            "sarif" => SarifWriter.Write(run.Reports, version),
            "github" => GitHubAnnotations.Write(run.Reports),
            _ => LintTextWriter.Write(run.Reports, run.Sizes),
        });
        foreach (var report in run.Reports.Where(r => r.Error is not null))
        {
            await stderr.WriteLineAsync($"{report.File}:{report.Error!.Line}:{report.Error.Column}: syntax error: {report.Error.Message}");
        }

        return run.Reports.Any(r => r.Error is not null) ? 2
            : run.Reports.Any(r => r.Count(LintSeverity.Error) > 0) ? 1
            : 0;
    }
}
