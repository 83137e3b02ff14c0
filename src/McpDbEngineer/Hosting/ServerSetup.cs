using McpDbEngineer.Database;
using McpDbEngineer.Explain;
using McpDbEngineer.Indexes;
using McpDbEngineer.Memory;
using McpDbEngineer.Migrations.Draft;
using McpDbEngineer.Migrations.Lint;
using McpDbEngineer.Migrations.Rehearsal;
using McpDbEngineer.OwnSchema;
using McpDbEngineer.Prompts;
using McpDbEngineer.Query;
using McpDbEngineer.Safety;
using McpDbEngineer.Sandbox;
using McpDbEngineer.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace McpDbEngineer.Hosting;

/// <summary>Composes the server: options, the database (with the sandbox behind it), and one call per area.</summary>
public static class ServerSetup
{
    public static IServiceCollection AddDbEngineer(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.Configure<ServerOptions>(configuration.GetSection(ServerOptions.Section));
        services.Configure<HttpOptions>(configuration.GetSection(HttpOptions.Section));

        services.AddSingleton(DatabaseResilience.Create());
        services.AddSingleton(sp => new DatabaseTarget(
            ct => ResolveDataSourceAsync(sp, ct),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<DatabaseTarget>()));
        services.AddSingleton<DatabaseExecutor>();
        services.AddSingleton<OwnSchemaMigrator>();

        services.AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "mcp-db-engineer", Version = Program.Version };
                options.ServerInstructions =
                    "PostgreSQL engineering tools. Start with list_schemas / list_objects, then describe_table before writing SQL.";
            })
            .AddGuard(configuration)
            .AddSchemaTools(ToolJson.Options)
            .AddQueryTools(configuration, ToolJson.Options)
            .AddExplainTools(ToolJson.Options)
            .AddIndexTools(configuration, ToolJson.Options)
            .AddDraftTools(ToolJson.Options)
            .AddLintTools(configuration, ToolJson.Options)
            .AddRehearsalTools(configuration, ToolJson.Options)
            .AddMemoryTools(configuration, ToolJson.Options)
            .AddPrompts()
            .WithRequestFilters(filters =>
            {
                // The first filter added is the outermost: argument problems are answered like any ToolException.
                filters.AddCallToolFilter(ToolErrors.AnswerToolExceptions);
                filters.AddCallToolFilter(ToolArguments.CheckArguments);
            })
            .WithMessageFilters(filters => filters.AddOutgoingFilter(CompactToolSchemas.CompactToolsListAnswer));
        return services;
    }

    private static async Task<Npgsql.NpgsqlDataSource> ResolveDataSourceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("McpDbEngineer.Database");
        Npgsql.NpgsqlConnectionStringBuilder connection;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            var root = string.IsNullOrWhiteSpace(options.SandboxDirectory) ? SandboxDatabase.DefaultRoot() : options.SandboxDirectory;
            try
            {
                connection = await new SandboxDatabase(root, logger).StartAsync(cancellationToken);
            }
            catch (Exception e) when (e is not ToolException and not OperationCanceledException)
            {
                logger.LogError(e, "The embedded sandbox database could not start");
                throw new ToolException(
                    $"No database is configured and the embedded sandbox in {root} could not start: {e.Message}. " +
                    "Configure a database with DATABASE_URL or --connection, or run scripts/setup.sh to install PostgreSQL.", e);
            }
        }
        else
        {
            connection = ConnectionStrings.Parse(options.ConnectionString);
            logger.LogInformation("Database: {Target}", ConnectionStrings.Describe(connection));
        }

        return DataSourceFactory.Create(connection, options);
    }
}
