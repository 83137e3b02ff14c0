namespace McpDbEngineer;

/// <summary>
/// A failure the agent can act on: the message says what was wrong and what to do next.
/// Services throw it; the MCP layer turns it into an error result (never a stack trace).
/// </summary>
public sealed class ToolException(string message, Exception? inner = null) : Exception(message, inner);
