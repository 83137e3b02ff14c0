using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpDbEngineer.Hosting;

/// <summary>
/// A <see cref="ToolException"/> is an answer, not a fault: the agent gets its message as an error result, as is
/// (no "An error occurred invoking" prefix to pay for), and the log gets no stack trace for it.
/// </summary>
public static class ToolErrors
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> AnswerToolExceptions(
        McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (request, cancellationToken) =>
        {
            try
            {
                return await next(request, cancellationToken);
            }
            catch (ToolException e)
            {
                return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = e.Message }] };
            }
        };
}
