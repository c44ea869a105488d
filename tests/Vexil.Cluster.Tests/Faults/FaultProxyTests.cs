using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vexil.Testing.Network;

namespace Vexil.Cluster.Tests.Faults;

/// <summary>Each mode of <see cref="FaultProxy"/> against an echo server on loopback.</summary>
public sealed class FaultProxyTests : IAsyncLifetime
{
    private readonly TcpListener _echo = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private Task _echoLoop = Task.CompletedTask;
    private FaultProxy _proxy = null!;

    public ValueTask InitializeAsync()
    {
        _echo.Start();
        _echoLoop = Task.Run(EchoLoopAsync);
        _proxy = FaultProxy.Start((IPEndPoint)_echo.LocalEndpoint);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _stop.CancelAsync();
        _echo.Stop();
        await _echoLoop;
        _stop.Dispose();
    }

    [Fact(Timeout = 30_000)]
    public async Task Pass_ForwardsBothWays()
    {
        using var socket = await ConnectAsync(TestContext.Current.CancellationToken);
        Assert.Equal("hello", await EchoAsync(socket, "hello"));
        Assert.Equal("again", await EchoAsync(socket, "again"));
        Assert.Equal(1, _proxy.Accepted);
    }

    [Fact(Timeout = 30_000)]
    public async Task Cut_ClosesOpenConnections_AndRefusesNewOnes_UntilPassAgain()
    {
        using var open = await ConnectAsync(TestContext.Current.CancellationToken);
        Assert.Equal("x", await EchoAsync(open, "x"));

        _proxy.Set(FaultMode.Cut);
        Assert.True(await ReadsEndAsync(open), "an open connection was not closed by the cut");
        Assert.True(await RefusedOrEndsAsync(_proxy.Port, TestContext.Current.CancellationToken), "a new connection was served while cut");

        Assert.True(_proxy.Refused >= 1);
        _proxy.Set(FaultMode.Pass);
        using var again = await ConnectAsync(TestContext.Current.CancellationToken);
        Assert.Equal("back", await EchoAsync(again, "back"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Blackhole_KeepsTheConnectionButForwardsNothing_ThenDeliversWhenHealed()
    {
        using var socket = await ConnectAsync(TestContext.Current.CancellationToken);
        Assert.Equal("a", await EchoAsync(socket, "a"));

        _proxy.Set(FaultMode.Blackhole);
        await socket.SendAsync(Encoding.ASCII.GetBytes("held"), TestContext.Current.CancellationToken);
        var buffer = new byte[16];
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token));
        }

        Assert.Equal(1, _proxy.OpenConnections);
        _proxy.Set(FaultMode.Pass);
        Assert.Equal("held", await ReceiveAsync(socket, 4));
    }

    [Fact(Timeout = 30_000)]
    public async Task Slow_AddsLatencyToEveryChunk()
    {
        using var socket = await ConnectAsync(TestContext.Current.CancellationToken);
        Assert.Equal("warm", await EchoAsync(socket, "warm"));

        _proxy.SlowDelay = TimeSpan.FromMilliseconds(300);
        _proxy.Set(FaultMode.Slow);
        var stopwatch = Stopwatch.StartNew();
        Assert.Equal("slow", await EchoAsync(socket, "slow"));

        // Two chunks (there and back), each delayed by at least 300 ms.
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(550), $"the echo took only {stopwatch.Elapsed}");
    }

    [Fact(Timeout = 30_000)]
    public async Task Slow_CapsTheBandwidth()
    {
        using var socket = await ConnectAsync(TestContext.Current.CancellationToken);
        _proxy.SlowDelay = TimeSpan.Zero;
        _proxy.SlowBytesPerSecond = 8 * 1024;
        _proxy.Set(FaultMode.Slow);
        var payload = new string('z', 8 * 1024);
        var stopwatch = Stopwatch.StartNew();
        Assert.Equal(payload, await EchoAsync(socket, payload));

        // 8 KiB at 8 KiB/s each way (the echo overlaps the two directions): at least about a second.
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(0.9), $"8 KiB each way took only {stopwatch.Elapsed}");
    }

    [Fact(Timeout = 30_000)]
    public async Task Reset_ResetsOpenConnections_ThenPassesAgain()
    {
        using var socket = await ConnectAsync(TestContext.Current.CancellationToken);
        Assert.Equal("r", await EchoAsync(socket, "r"));

        _proxy.Set(FaultMode.Reset);
        var error = await Assert.ThrowsAsync<SocketException>(async () =>
        {
            var buffer = new byte[16];
            for (var i = 0; i < 50; i++)
            {
                // A reset shows as ECONNRESET on receive (or on a send after it).
                await socket.SendAsync(Encoding.ASCII.GetBytes("?"), TestContext.Current.CancellationToken);
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, TestContext.Current.CancellationToken) == 0)
                {
                    return;
                }

                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        });
        Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
        Assert.Equal(FaultMode.Pass, _proxy.Mode);

        using var again = await ConnectAsync(TestContext.Current.CancellationToken);
        Assert.Equal("ok", await EchoAsync(again, "ok"));
    }

    [Fact(Timeout = 30_000)]
    public async Task TargetDown_TheClientConnectionIsClosed()
    {
        await using var proxy = FaultProxy.Start(new IPEndPoint(IPAddress.Loopback, FreePort()));
        Assert.True(await RefusedOrEndsAsync(proxy.Port, TestContext.Current.CancellationToken), "a connection to a dead target was kept open");
    }

    /// <summary>True when a connection to <paramref name="port"/> is reset while connecting, or ends within a few seconds.</summary>
    private static async Task<bool> RefusedOrEndsAsync(int port, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        }
        catch (SocketException)
        {
            return true;
        }

        return await ReadsEndAsync(socket);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, _proxy.Port, cancellationToken);
        return socket;
    }

    private static async Task<string> EchoAsync(Socket socket, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        await socket.SendAsync(bytes, TestContext.Current.CancellationToken);
        return await ReceiveAsync(socket, bytes.Length);
    }

    private static async Task<string> ReceiveAsync(Socket socket, int length)
    {
        var buffer = new byte[length];
        var received = 0;
        while (received < length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, TestContext.Current.CancellationToken);
            Assert.True(read > 0, "the connection closed mid-answer");
            received += read;
        }

        return Encoding.ASCII.GetString(buffer);
    }

    /// <summary>True when the connection ends (FIN or RST) within a few seconds.</summary>
    private static async Task<bool> ReadsEndAsync(Socket socket)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            var buffer = new byte[64];
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task EchoLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _echo.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                {
                    var buffer = new byte[4096];
                    try
                    {
                        int read;
                        while ((read = await client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
                        {
                            await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
                        }
                    }
                    catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                    {
                    }
                }
            });
        }
    }
}
