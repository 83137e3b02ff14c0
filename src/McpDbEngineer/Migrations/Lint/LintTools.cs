using System.ComponentModel;
using McpDbEngineer.Database;
using McpDbEngineer.Migrations.Lint.Output;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Migrations.Lint;

/// <summary>MCP adapter for migration lint: bind arguments, call <see cref="LintRunner"/>, write the compact answer.</summary>
[McpServerToolType]
public sealed class LintTools(DatabaseExecutor database, IOptions<LintOptions> lint, IOptions<DatabaseOptions> target)
{
    /// <summary>About 20 kB of answer: enough for any migration a person reviews at once; the most severe come first when cut.</summary>
    public const int MaxFindingsShown = 100;

    [McpServerTool(Name = "lint_migration", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Lint migration SQL for locks, rewrites and breaking changes: a finding a line (line:column, lock, why, safe form), graded by live table sizes. Changes nothing.")]
    public async Task<string> LintMigration(
        [Description("The migration's SQL.")] string sql,
        [Description("Name in findings.")] string file = "migration.sql",
        [Description("Runs in one transaction.")] bool? assume_in_transaction = null,
        [Description("Rule ids to turn off.")] string[]? disable = null,
        CancellationToken cancellationToken = default)
    {
        var configured = lint.Value;
        var options = new LintOptions
        {
            DisabledRules = string.Join(',', [configured.DisabledRules ?? "", .. disable ?? []]),
            AssumeInTransaction = assume_in_transaction ?? configured.AssumeInTransaction,
            PostgresVersion = configured.PostgresVersion,
        };

        // The embedded sandbox holds the sample database, not the project's: its sizes would say nothing.
        var sizes = string.IsNullOrWhiteSpace(target.Value.ConnectionString) ? null : database;
        var run = await LintRunner.RunAsync([new MigrationFile(file, sql)], options, sizes, cancellationToken);
        return LintTextWriter.Write(run.Reports, run.Sizes, MaxFindingsShown);
    }
}
