namespace McpDbEngineer.Migrations.Lint;

/// <summary>
/// The project's lint settings ("Lint:" in appsettings.json of the working directory, MCPDB_LINT__… variables, or the
/// lint command's options): the same for the MCP tool and the CLI.
/// </summary>
public sealed class LintOptions
{
    public const string Section = "Lint";

    /// <summary>Rule ids turned off for the whole project, comma separated.</summary>
    public string? DisabledRules { get; set; }

    /// <summary>Whether the migration tool runs each file in one transaction (dbmate, Flyway, Alembic, Prisma do; golang-migrate does not).</summary>
    public bool AssumeInTransaction { get; set; }

    /// <summary>The PostgreSQL major version the migrations run on, when no database is connected to ask (e.g. 11).</summary>
    public int? PostgresVersion { get; set; }

    public IReadOnlySet<string> DisabledRuleIds() =>
        (DisabledRules ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
