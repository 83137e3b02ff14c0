namespace McpDbEngineer.Safety;

/// <summary>The per-user folder for what the server keeps between sessions: $XDG_STATE_HOME/mcp-db-engineer, else ~/.local/state/mcp-db-engineer.</summary>
public static class StateFolder
{
    public static string Combine(params string[] parts)
    {
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (string.IsNullOrEmpty(state))
        {
            state = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        }

        return Path.Combine([state, "mcp-db-engineer", .. parts]);
    }
}
