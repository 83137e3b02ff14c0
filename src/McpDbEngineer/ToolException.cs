namespace McpDbEngineer;

/// <summary>
/// A failure the agent can act on: the message says what was wrong and what to do next.
/// Services throw it; the MCP layer turns it into an error result (never a stack trace).
/// </summary>
// It derives from McpException because that is how the SDK lets a message through to the client; other
// exceptions become a generic "an error occurred" (which also keeps stack traces and secrets out).
public sealed class ToolException(string message, Exception? inner = null) : ModelContextProtocol.McpException(message, inner);
