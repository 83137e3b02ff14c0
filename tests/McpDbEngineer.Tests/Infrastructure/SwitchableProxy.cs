using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace McpDbEngineer.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of the test cluster that can be switched off (connections refused by
/// closing them at once) and on again: a database that goes down and comes back, without touching the cluster.
/// <see cref="GoDown"/> also cuts the connections already open, as a restart of PostgreSQL does.
/// It also counts round trips: the times a client spoke after the server had answered it.
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

    private int _roundTrips;

    /// <summary>
    /// Round trips on every connection since the last <see cref="ResetObserved"/>: a client that sends several
    /// messages before it waits for the answer (a batch, a pipeline) makes one, however TCP cuts its bytes.
    /// </summary>
    public int RoundTrips => Volatile.Read(ref _roundTrips);

    /// <summary>What clients sent since the last <see cref="ResetObserved"/>, as text (the protocol's SQL is readable in it).</summary>
    public string ClientText
    {
        get
        {
            lock (_clientBytes)
            {
                return System.Text.Encoding.UTF8.GetString(_clientBytes.ToArray());
            }
        }
    }

    private readonly MemoryStream _clientBytes = new();

    public void ResetObserved()
    {
        lock (_clientBytes)
        {
            Interlocked.Exchange(ref _roundTrips, 0);
            _clientBytes.SetLength(0);
        }
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
                // The proxy passes a client's bytes on only after counting them, and the server's likewise, so the
                // order seen here is the order of the conversation.
                var serverAnswered = new StrongBox<int>(1);
                var a = PumpAsync(client.GetStream(), upstream.GetStream(), cut.Token, bytes =>
                {
                    lock (_clientBytes)
                    {
                        _clientBytes.Write(bytes.Span);
                    }

                    if (Interlocked.Exchange(ref serverAnswered.Value, 0) == 1)
                    {
                        Interlocked.Increment(ref _roundTrips);
                    }
                });
                var b = PumpAsync(upstream.GetStream(), client.GetStream(), cut.Token, _ => Interlocked.Exchange(ref serverAnswered.Value, 1));
                await Task.WhenAny(a, b);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // one side closed: the connection ends, as it would with a real network
            }
        }
    }

    /// <summary>Copies one direction, telling <paramref name="onBytes"/> of every chunk before passing it on.</summary>
    private static async Task PumpAsync(NetworkStream from, NetworkStream to, CancellationToken cut, Action<ReadOnlyMemory<byte>> onBytes)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await from.ReadAsync(buffer, cut)) > 0)
        {
            onBytes(buffer.AsMemory(0, read));
            await to.WriteAsync(buffer.AsMemory(0, read), cut);
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
