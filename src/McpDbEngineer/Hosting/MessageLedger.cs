using ModelContextProtocol.Server;

namespace McpDbEngineer.Hosting;

/// <summary>
/// Messages read from stdin against messages handled (a request counts once its answer has been sent). A client
/// may write its last request and close stdin at once (`echo '…' | mcp-db-engineer`): the end of input waits
/// until every message read has been handled, so the answer still reaches it.
/// </summary>
public sealed class MessageLedger
{
    /// <summary>How long a message read but never handled (a line that is not JSON-RPC) may hold up the end.</summary>
    private static readonly TimeSpan Stalled = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private long _read;
    private long _handled;
    private int _inFlight;

    public void Read()
    {
        lock (_gate)
        {
            _read++;
        }
    }

    public McpMessageFilter Filter => next => async (context, cancellationToken) =>
    {
        lock (_gate)
        {
            _inFlight++;
        }

        try
        {
            await next(context, cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _inFlight--;
                _handled++;
            }
        }
    };

    /// <summary>
    /// Waits until every message read has been handled, or nothing has been in flight or handled for a moment (a line
    /// the transport dropped is never handled), or <paramref name="limit"/> has passed.
    /// </summary>
    public async Task WhenAllHandledAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var lastHandled = -1L;
        var quietSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            lock (_gate)
            {
                if (_handled >= _read)
                {
                    return;
                }

                if (_handled != lastHandled || _inFlight > 0)
                {
                    lastHandled = _handled;
                    quietSince = DateTime.UtcNow;
                }
                else if (DateTime.UtcNow - quietSince > Stalled)
                {
                    return;
                }
            }

            await Task.Delay(10);
        }
    }
}
