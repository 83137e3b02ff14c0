using System.Net;
using System.Net.Sockets;

namespace McpDbEngineer.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of the test cluster that can be switched off (connections refused by
/// closing them at once) and on again: a database that goes down and comes back, without touching the cluster.
/// <see cref="GoDown"/> also cuts the connections already open, as a restart of PostgreSQL does.
/// </summary>
public sealed class SwitchableProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private CancellationTokenSource _open = new();

    public SwitchableProxy(int targetPort, bool enabled)
    {
        _targetPort = targetPort;
        Enabled = enabled;
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public volatile bool Enabled;

    /// <summary>Refuses new connections and cuts the open ones (pooled connections of the server under test die).</summary>
    public void GoDown()
    {
        Enabled = false;
        Interlocked.Exchange(ref _open, new CancellationTokenSource()).Cancel();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (!Enabled)
            {
                client.Dispose();
                continue;
            }

            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        using (var cut = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, _open.Token))
        {
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, cut.Token);
                var a = client.GetStream().CopyToAsync(upstream.GetStream(), cut.Token);
                var b = upstream.GetStream().CopyToAsync(client.GetStream(), cut.Token);
                await Task.WhenAny(a, b);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // one side closed: the connection ends, as it would with a real network
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
