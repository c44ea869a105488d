using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Vexil.Testing.Network;

/// <summary>
/// An in-process TCP proxy on a loopback port that forwards to a target, with a fault a test switches at any time
/// (<see cref="FaultMode"/>): pass, cut, blackhole, slow, reset. Put one on a link (an SDK to an edge, an edge to
/// its upstream) and point the client at <see cref="Address"/>.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private const int ChunkSize = 16 * 1024;

    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly ConcurrentDictionary<long, ProxiedConnection> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private long _nextId;
    private volatile FaultMode _mode = FaultMode.Pass;
    private long _accepted;
    private long _refused;

    private FaultProxy(IPEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(512);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The loopback port the proxy listens on.</summary>
    public int Port { get; }

    /// <summary><c>http://127.0.0.1:{Port}</c>.</summary>
    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>The fault in force.</summary>
    public FaultMode Mode => _mode;

    /// <summary>The latency added to every chunk forwarded in <see cref="FaultMode.Slow"/> (default 200 ms).</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The bytes per second each direction of a connection may carry in <see cref="FaultMode.Slow"/> (default 16 KiB/s).</summary>
    public int SlowBytesPerSecond { get; set; } = 16 * 1024;

    /// <summary>Connections open now.</summary>
    public int OpenConnections => _connections.Count;

    /// <summary>Connections accepted and forwarded since the start.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Connections refused (closed at once) while cut.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Starts a proxy to <paramref name="target"/> (a loopback address and port).</summary>
    public static FaultProxy Start(IPEndPoint target) => new(target);

    /// <summary>Starts a proxy to the host and port of <paramref name="target"/> (http://127.0.0.1:port).</summary>
    public static FaultProxy Start(Uri target) => new(new IPEndPoint(IPAddress.Parse(target.Host), target.Port));

    /// <summary>
    /// Switches the fault. <see cref="FaultMode.Cut"/> closes every connection (FIN) and refuses new ones;
    /// <see cref="FaultMode.Reset"/> resets every connection (RST, linger 0) and then passes again;
    /// <see cref="FaultMode.Blackhole"/> keeps and accepts connections but forwards nothing;
    /// <see cref="FaultMode.Slow"/> delays and caps every chunk; <see cref="FaultMode.Pass"/> forwards as is.
    /// </summary>
    public void Set(FaultMode mode)
    {
        switch (mode)
        {
            case FaultMode.Cut:
                _mode = FaultMode.Cut;
                CloseAll(reset: false);
                break;
            case FaultMode.Reset:
                _mode = FaultMode.Pass;
                CloseAll(reset: true);
                break;
            default:
                _mode = mode;
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CloseAll(reset: false);
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private void CloseAll(bool reset)
    {
        foreach (var (id, connection) in _connections)
        {
            if (_connections.TryRemove(id, out _))
            {
                connection.Close(reset);
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_mode == FaultMode.Cut)
            {
                // The listener must stay open to keep the port; a refused connection is one closed at once with RST.
                Interlocked.Increment(ref _refused);
                client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }

            Interlocked.Increment(ref _accepted);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        var id = Interlocked.Increment(ref _nextId);
        var connection = new ProxiedConnection(client, upstream);
        _connections[id] = connection;
        if (_mode == FaultMode.Cut && _connections.TryRemove(id, out _))
        {
            // Accepted just before a cut closed the others.
            connection.Close(reset: true);
            return;
        }

        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, connection.Closed);
            connectTimeout.CancelAfter(TimeSpan.FromSeconds(5));
            await upstream.ConnectAsync(_target, connectTimeout.Token);
            await Task.WhenAll(PumpAsync(client, upstream, connection), PumpAsync(upstream, client, connection));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
        }
        finally
        {
            if (_connections.TryRemove(id, out _))
            {
                // The target refused or closed: pass that on as a reset of the client's connection.
                connection.Close(reset: !connection.HalfClosed);
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to, ProxiedConnection connection)
    {
        var buffer = new byte[ChunkSize];
        var token = connection.Closed;
        while (true)
        {
            var read = await from.ReceiveAsync(buffer, SocketFlags.None, token);
            if (read == 0)
            {
                connection.HalfClosed = true;
                to.Shutdown(SocketShutdown.Send);
                return;
            }

            // A blackhole forwards nothing and sends nothing back (no FIN, no RST): the bytes wait, as TCP would
            // retransmit them, until the fault heals or a side gives up and closes.
            while (_mode == FaultMode.Blackhole)
            {
                await Task.Delay(50, token);
            }

            var offset = 0;
            while (offset < read)
            {
                var count = read - offset;
                if (_mode == FaultMode.Slow)
                {
                    count = Math.Min(count, Math.Max(1, SlowBytesPerSecond / 10));
                    await Task.Delay(SlowDelay + TimeSpan.FromSeconds((double)count / SlowBytesPerSecond), token);
                }

                offset += await to.SendAsync(buffer.AsMemory(offset, count), SocketFlags.None, token);
            }
        }
    }

    private sealed class ProxiedConnection(Socket client, Socket upstream)
    {
        private readonly CancellationTokenSource _closed = new();

        public CancellationToken Closed => _closed.Token;

        public bool HalfClosed { get; set; }

        public void Close(bool reset)
        {
            try
            {
                _closed.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }

            foreach (var socket in new[] { client, upstream })
            {
                try
                {
                    if (reset)
                    {
                        socket.LingerState = new LingerOption(true, 0);
                    }
                    else if (socket.Connected)
                    {
                        socket.Shutdown(SocketShutdown.Both);
                    }
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                }

                socket.Dispose();
            }
        }
    }
}
