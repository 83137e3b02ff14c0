using McpDbEngineer.Cli;
using McpDbEngineer.Hosting;
using McpDbEngineer.Migrations.Lint;
using McpDbEngineer.Safety;
using McpDbEngineer.Safety.Guard;
using McpDbEngineer.Safety.Hook;
using McpDbEngineer.Sandbox;
using Microsoft.Extensions.Configuration;

namespace McpDbEngineer;

public static class Program
{
    public static string Version =>
        typeof(Program).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            is [System.Reflection.AssemblyInformationalVersionAttribute attribute, ..] ? attribute.InformationalVersion.Split('+')[0] : "0.0.0";

    // Static fields initialise in the order written: the option comes before the commands that use it.
    private static readonly CliOption SandboxDirectory = new("--sandbox-dir", "Database:SandboxDirectory", "dir", "Folder of the embedded sandbox cluster.");

    /// <summary>Where decision memory lives and how it embeds: the same for serving and for the memory commands.</summary>
    private static readonly CliOption[] MemoryCliOptions =
    [
        new("--memory-url", "Memory:ConnectionString", "conn", "Database for decision memory (else MEMORY_DATABASE_URL; else the target when read-write; else the local cluster)."),
        new("--embeddings", "Memory:Embeddings", "kind", "local (default: all-MiniLM-L6-v2, loaded on first use), openai (any OpenAI-compatible endpoint) or none."),
        new("--embedding-model-dir", "Memory:LocalModelDirectory", "dir", "Folder of the local model's model.onnx and vocab.txt (default: models/all-MiniLM-L6-v2 beside the executable)."),
        new("--embedding-model", "Memory:EmbeddingModel", "name", "Model at the OpenAI-compatible endpoint (e.g. text-embedding-3-small, nomic-embed-text)."),
        new("--embedding-endpoint", "Memory:EmbeddingEndpoint", "url", "OpenAI-compatible endpoint (default https://api.openai.com/v1); key in MCPDB_MEMORY__EMBEDDINGAPIKEY."),
    ];

    private static readonly CliCommand Serve = new("serve", "Run the MCP server (the default command).",
    [
        new("--transport", "Server:Transport", "stdio|http", "stdio (default) or http (Streamable HTTP at /mcp)."),
        new("--urls", "Http:Urls", "url", "Where HTTP listens (default http://127.0.0.1:8080)."),
        new("--http-token", "Http:Token", "token", "Bearer token every HTTP request must carry."),
        new("--allowed-origins", "Http:AllowedOrigins", "list", "Browser origins allowed besides localhost, comma separated."),
        new("--connection", "Database:ConnectionString", "conn", "Npgsql connection string or postgres:// URI (else DATABASE_URL, else the sandbox)."),
        new("--connect-timeout", "Database:ConnectTimeoutSeconds", "seconds", "Time to wait for a connection (default 5)."),
        new("--command-timeout", "Database:CommandTimeoutSeconds", "seconds", "Time a statement may run (default 30)."),
        SandboxDirectory,
        new("--shadow-url", "Shadow:Url", "conn", "Scratch server for shadow databases (rehearse_migration); never production. Else an embedded shadow cluster."),
        new("--shadow-dir", "Shadow:Directory", "dir", "Folder of the embedded shadow cluster (default: 'shadow' beside the sandbox's)."),
        new("--access", "Safety:Access", "mode", "read-only (default) or read-write; destructive statements always need a human's approval."),
        new("--audit", "Safety:Audit", "where", "auto (default: table in read-write mode, file otherwise), table or file."),
        new("--audit-file", "Safety:AuditFile", "path", "JSON-lines audit file (default ~/.local/state/mcp-db-engineer/audit.jsonl)."),
        new("--approval-timeout", "Safety:ApprovalTimeoutSeconds", "seconds", "Time a human has to answer an approval question while the transaction waits open (default 120)."),
        new("--max-rows", "Answers:DefaultMaxRows", "n", "Rows execute_sql returns unless a call asks otherwise (default 200)."),
        new("--restricted-role", "Safety:RestrictedRole", "role", "Role read-only statements run as when it exists (default mcp_db_engineer_reader; see restricted-role-sql)."),
        new("--trusted-functions", "Safety:TrustedFunctions", "list", "Functions (schema.name, comma separated) a DBA vouches for although the guard cannot read them."),
        .. MemoryCliOptions,
    ]);

    private static readonly CliCommand Reembed = new("memory reembed",
        "Recompute every memory's vector with the configured embedding model (after changing it), in one transaction.",
    [
        new("--connection", "Database:ConnectionString", "conn", "The target (its read-write mode decides where memory lives without --memory-url)."),
        new("--access", "Safety:Access", "mode", "read-only (default) or read-write, as the server runs."),
        new("--sandbox-dir", "Database:SandboxDirectory", "dir", "Folder of the embedded local cluster."),
        .. MemoryCliOptions,
    ]);

    private static readonly CliCommand RoleSql = new("restricted-role-sql",
        "Print the SQL a DBA runs once so that read-only mode runs agent statements as a role that can only read.",
    [
        new("--restricted-role", "Safety:RestrictedRole", "role", "The reader role (default mcp_db_engineer_reader)."),
        new("--login", "Safety:RestrictedLogin", "role", "The login that can only switch to it (default mcp_db_engineer)."),
    ]);

    private static readonly CliCommand Hook = new("hook pre-tool-use",
        "Claude Code PreToolUse hook: reads the event on stdin, denies destructive SQL (see agents/claude-code-hooks.md).", []);

    private static readonly CliCommand Lint = new("lint",
        "Lint migration files for locks, rewrites and breaking changes (CI: exit 1 on errors, 2 on bad input).",
    [
        new("--format", LintCommand.FormatKey, "text|json|sarif|github", "Output: text (default), json, sarif (code scanning) or github (annotations)."),
        new("--disable", "Lint:DisabledRules", "ids", "Rule ids to turn off, comma separated (replaces Lint:DisabledRules of appsettings.json)."),
        new("--assume-in-transaction", "Lint:AssumeInTransaction", "true|false", "The migration tool runs each file in one transaction."),
        new("--pg-version", "Lint:PostgresVersion", "major", "PostgreSQL major version the migrations run on (else the connected server's)."),
        new("--connection", "Database:ConnectionString", "conn", "Database to read table sizes from (read-only); without it, severities come from the rules alone."),
    ], Operands: "FILES…");

    private static readonly CliCommand[] SandboxCommands =
    [
        new("sandbox " + SandboxCommand.Status, "Say whether the embedded sandbox cluster exists and runs (it outlives the server, so the next start is fast).", [SandboxDirectory]),
        new("sandbox " + SandboxCommand.Stop, "Stop the embedded sandbox cluster; the next serve without a database starts it again.", [SandboxDirectory]),
        new("sandbox " + SandboxCommand.Reset, "Stop and remove the embedded sandbox cluster; the next serve without a database creates a fresh sample.", [SandboxDirectory]),
    ];

    private static readonly CliCommand[] Commands = [Serve, Lint, Hook, RoleSql, Reembed, .. SandboxCommands];

    public static async Task<int> Main(string[] args)
    {
        CliInvocation invocation;
        try
        {
            invocation = CommandLine.Parse(args, Commands, Serve);
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync(e.Message + Environment.NewLine + Environment.NewLine + CommandLine.Usage(Commands, e.Command));
            return 2;
        }

        if (invocation.ShowVersion)
        {
            Console.WriteLine(Version);
            return 0;
        }

        if (invocation.ShowHelp)
        {
            Console.WriteLine(CommandLine.Usage(Commands, null));
            return 0;
        }

        if (invocation.Command == Hook)
        {
            return PreToolUseHook.Run(Console.In, Console.Out);
        }

        if (invocation.Command == Lint)
        {
            // Only an explicit --connection: a DATABASE_URL in a CI job's environment is not a request to read sizes.
            return await LintCommand.RunAsync(
                invocation.Operands, Configuration.Build(invocation.Settings), invocation.Settings.GetValueOrDefault("Database:ConnectionString"),
                Version, Console.Out, Console.Error);
        }

        if (invocation.Command == RoleSql)
        {
            try
            {
                Console.Write(RestrictedRole.Sql(
                    invocation.Settings.GetValueOrDefault("Safety:RestrictedRole") ?? SafetyOptions.DefaultRestrictedRole,
                    invocation.Settings.GetValueOrDefault("Safety:RestrictedLogin") ?? RestrictedRole.DefaultLogin));
                return 0;
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
        }

        if (SandboxCommands.Contains(invocation.Command))
        {
            var directory = invocation.Settings.GetValueOrDefault(SandboxDirectory.ConfigurationKey);
            return await SandboxCommand.RunAsync(
                invocation.Command!.Words.Split(' ')[^1],
                string.IsNullOrWhiteSpace(directory) ? SandboxDatabase.DefaultRoot() : directory,
                Console.Out,
                CancellationToken.None);
        }

        var configuration = Configuration.Build(invocation.Settings);
        if (StartupSettings.Problems(configuration) is { Count: > 0 } problems)
        {
            await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, problems) + Environment.NewLine + "See mcp-db-engineer --help.");
            return 2;
        }

        if (invocation.Command == Reembed)
        {
            return await MemoryCommands.ReembedAsync(configuration);
        }

        var transport = configuration.GetSection(ServerOptions.Section).Get<ServerOptions>()?.Transport ?? TransportKind.Stdio;
        return transport == TransportKind.Http
            ? await HttpServer.RunAsync(configuration)
            : await StdioServer.RunAsync(configuration);
    }
}
