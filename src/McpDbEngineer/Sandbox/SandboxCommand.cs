namespace McpDbEngineer.Sandbox;

/// <summary>
/// `mcp-db-engineer sandbox status|stop|reset`: the embedded sandbox's cluster outlives the server on purpose (the next
/// agent session starts in milliseconds, not seconds), so a user needs a way to see it, stop it and start over.
/// </summary>
public static class SandboxCommand
{
    public const string Status = "status";
    public const string Stop = "stop";
    public const string Reset = "reset";

    /// <summary>Runs <paramref name="action"/> on the sandbox in <paramref name="root"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string action, string root, TextWriter output, CancellationToken cancellationToken)
    {
        var cluster = new LocalCluster(root);
        switch (action)
        {
            case Status when !cluster.Exists:
                await output.WriteLineAsync($"No sandbox cluster in {cluster.RootDirectory}: the next `mcp-db-engineer serve` without a database creates one.");
                return 0;
            case Status when cluster.RunningPort is { } port:
                await output.WriteLineAsync(
                    $"Running on 127.0.0.1:{port}, cluster in {cluster.RootDirectory} (log {cluster.LogFile}). " +
                    "It keeps running after the server exits; `mcp-db-engineer sandbox stop` stops it.");
                return 0;
            case Status:
                await output.WriteLineAsync($"Stopped, cluster in {cluster.RootDirectory}: the next `mcp-db-engineer serve` without a database starts it.");
                return 0;
            case Stop:
                var running = cluster.Exists && cluster.RunningPort is not null;
                await cluster.StopAsync(cancellationToken);
                await output.WriteLineAsync(running ? $"Stopped the sandbox cluster in {cluster.RootDirectory}." : $"The sandbox cluster in {cluster.RootDirectory} was not running.");
                return 0;
            case Reset:
                var existed = cluster.Exists;
                await cluster.DeleteAsync(cancellationToken);
                await output.WriteLineAsync(existed
                    ? $"Stopped and removed the sandbox cluster in {cluster.RootDirectory}; the next `mcp-db-engineer serve` without a database creates a fresh sample."
                    : $"No sandbox cluster in {cluster.RootDirectory}; nothing to remove.");
                return 0;
            default:
                throw new ArgumentException($"Unknown sandbox action '{action}': use {Status}, {Stop} or {Reset}.", nameof(action));
        }
    }
}
