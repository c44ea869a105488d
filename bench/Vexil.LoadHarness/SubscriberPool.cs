using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vexil.LoadHarness;

/// <summary>
/// N streaming subscribers of one edge, each its own HTTP/1.1 connection that sends the real
/// <c>GET /sdk/v1/stream</c> with the server key and parses every byte it receives (<see cref="SseStreamParser"/>),
/// stamping the moment the event with the awaited version is complete. The sockets are served by a few receive loops
/// (one epoll each, one shared receive buffer per loop, one <c>recv</c> per readable socket), so the measuring client
/// costs the shared cores as little as an efficient event-loop client would.
/// </summary>
internal sealed class SubscriberPool : IDisposable
{
    private const int MaxConnecting = 200;

    private readonly Socket?[] _sockets;
    private readonly SseStreamParser[] _parsers;
    private readonly long[] _arrivals;
    private readonly long[] _versions;
    private readonly ReceiveLoop[] _loops;
    private TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _target = long.MaxValue;
    private int _arrived;
    private int _ready;
    private int _failed;
    private volatile bool _stopping;
    private TimeSpan _coalesce;

    private SubscriberPool(int count, int loops)
    {
        _sockets = new Socket?[count];
        _parsers = new SseStreamParser[count];
        _arrivals = new long[count];
        _versions = new long[count];
        _loops = [.. Enumerable.Range(0, loops).Select(i => new ReceiveLoop(this, i))];
    }

    public int Count => _arrivals.Length;

    public int Failed => Volatile.Read(ref _failed);

    /// <summary>CPU time the receive loops' threads have used (from /proc): the subscribers' own cost, without the harness's bookkeeping.</summary>
    public TimeSpan ReceiveCpuTime => _loops.Aggregate(TimeSpan.Zero, (sum, loop) => sum + loop.CpuTime());

    /// <summary>The first failure's reason, if any subscriber failed.</summary>
    public string? FirstError { get; private set; }

    /// <summary>
    /// Opens <paramref name="count"/> streams (<paramref name="coalesce"/>: how long a receive loop pauses after a busy
    /// wake-up) (at most 200 waiting for their first event at once) and waits until each has its first event. With
    /// <paramref name="resumeFrom"/>, each stream resumes by <c>Last-Event-ID</c> from that version, as an SDK holding the
    /// ruleset does after a reconnect: no ruleset is sent, and a stream is ready once its 200 head arrived.
    /// </summary>
    public static async Task<SubscriberPool> ConnectAsync(Uri edge, string key, int count, int loops, TimeSpan coalesce, TimeSpan timeout, long? resumeFrom = null)
    {
        var pool = new SubscriberPool(count, loops) { _coalesce = coalesce };
        var endpoint = new IPEndPoint(IPAddress.Parse(edge.Host), edge.Port);
        var resume = resumeFrom is { } v ? $"Last-Event-ID: {v}\r\n" : string.Empty;
        var request = Encoding.ASCII.GetBytes(
            $"GET /sdk/v1/stream HTTP/1.1\r\nHost: {edge.Authority}\r\nAuthorization: Bearer {key}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n{resume}\r\n");
        foreach (var loop in pool._loops)
        {
            loop.Start();
        }

        var deadline = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            while (i - Volatile.Read(ref pool._ready) - pool.Failed >= MaxConnecting)
            {
                await Task.Delay(1);
                pool.ThrowIfTooSlow(deadline, timeout);
            }

            var index = i;
            pool._parsers[i] = resumeFrom is { } held
                ? new SseStreamParser(id => pool.OnEvent(index, id), () => pool.OnEvent(index, held))
                : new SseStreamParser(id => pool.OnEvent(index, id));
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Connect(endpoint);
            socket.Send(request);
            socket.Blocking = false;
            pool._sockets[i] = socket;
            pool._loops[i % loops].Add(i, socket);
        }

        while (Volatile.Read(ref pool._ready) + pool.Failed < count)
        {
            await Task.Delay(5);
            pool.ThrowIfTooSlow(deadline, timeout);
        }

        return pool.Failed == 0 ? pool : throw new InvalidOperationException($"{pool.Failed} of {count} subscribers failed: {pool.FirstError}");
    }

    /// <summary>Expects <paramref name="version"/> next; returns the stamp to measure from.</summary>
    public long Expect(long version)
    {
        Array.Clear(_arrivals);
        Volatile.Write(ref _arrived, 0);
        Volatile.Write(ref _allArrived, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Volatile.Write(ref _target, version);
        return Stopwatch.GetTimestamp();
    }

    /// <summary>Waits until every subscriber has the expected version; returns each one's latency in ms.</summary>
    public async Task<double[]> WaitAsync(long since, TimeSpan timeout)
    {
        // Woken once, by the receive loop that completes the last arrival (or a failure), not by polling.
        await Volatile.Read(ref _allArrived).Task.WaitAsync(timeout).ContinueWith(_ => { }, TaskScheduler.Default);
        var missing = Count - Volatile.Read(ref _arrived);
        if (missing > 0)
        {
            throw new TimeoutException($"{missing} of {Count} subscribers did not receive version {_target} within {timeout} ({Failed} failed: {FirstError})");
        }

        return [.. _arrivals.Select(a => Stopwatch.GetElapsedTime(since, a).TotalMilliseconds)];
    }

    public void Dispose()
    {
        _stopping = true;
        foreach (var loop in _loops)
        {
            loop.Join();
        }

        foreach (var socket in _sockets)
        {
            socket?.Dispose();
        }
    }

    private void OnEvent(int index, long version)
    {
        var first = _versions[index] == 0;
        _versions[index] = Math.Max(version, 1);
        if (version >= Volatile.Read(ref _target) && _arrivals[index] == 0)
        {
            _arrivals[index] = Stopwatch.GetTimestamp();
            if (Interlocked.Increment(ref _arrived) == Count)
            {
                Volatile.Read(ref _allArrived).TrySetResult();
            }
        }

        if (first)
        {
            Interlocked.Increment(ref _ready);
        }
    }

    private void Fail(int index, string reason)
    {
        FirstError ??= $"subscriber {index}: {reason}";
        Interlocked.Increment(ref _failed);
        Volatile.Read(ref _allArrived).TrySetResult();
    }

    private void ThrowIfTooSlow(Stopwatch deadline, TimeSpan timeout)
    {
        if (deadline.Elapsed > timeout)
        {
            throw new TimeoutException($"only {Volatile.Read(ref _ready)} of {Count} subscribers had their first event within {timeout} ({Failed} failed: {FirstError})");
        }
    }

    /// <summary>One thread, one epoll, one receive buffer: reads whichever of its sockets are readable and parses the bytes.</summary>
    private sealed class ReceiveLoop(SubscriberPool pool, int number)
    {
        private readonly int _epoll = Epoll.Create();
        private readonly byte[] _buffer = new byte[64 * 1024];
        private readonly Epoll.Event[] _ready = new Epoll.Event[512];
        private Thread? _thread;
        private volatile string? _stat;

        public void Start()
        {
            _thread = new Thread(Run) { IsBackground = true, Name = $"subscribers-{number}" };
            _thread.Start();
        }

        public void Add(int index, Socket socket) => Epoll.Add(_epoll, socket.Handle, index);

        public void Join()
        {
            _thread?.Join();
            Epoll.Close(_epoll);
        }

        public TimeSpan CpuTime() => _stat is { } stat ? VexilNode.CpuTimeOf(stat) : TimeSpan.Zero;

        private void Run()
        {
            _stat = "/proc/" + new FileInfo("/proc/thread-self").LinkTarget + "/stat";
            while (!pool._stopping)
            {
                var n = Epoll.Wait(_epoll, _ready, 50);
                for (var i = 0; i < n; i++)
                {
                    Read((int)_ready[i].Data);
                }

                if (n > 0 && pool._coalesce > TimeSpan.Zero)
                {
                    // Let more sockets become ready before the next wait: one wake-up then serves many of them, and
                    // the edge's sends meanwhile find no waiter to wake. Stamps are late by at most this (conservative).
                    Thread.Sleep(pool._coalesce);
                }
            }
        }

        private void Read(int index)
        {
            var socket = pool._sockets[index]!;
            var received = socket.Receive(_buffer, SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
            {
                return;
            }

            var parser = pool._parsers[index];
            var reason = error != SocketError.Success ? "receive failed: " + error
                : received == 0 ? "the edge closed the connection"
                : parser.Feed(_buffer.AsSpan(0, received)) ? null
                : parser.Error;
            if (reason is not null)
            {
                Epoll.Remove(_epoll, socket.Handle);
                pool.Fail(index, reason);
            }
        }
    }
}
