using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;

namespace Vexil.LoadHarness;

/// <summary>
/// N streaming subscribers of one edge, each reading with <see cref="SseParser"/> and stamping the moment the event
/// with the awaited version arrives.
/// </summary>
internal sealed class SubscriberPool : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly long[] _arrivals;
    private readonly long[] _versions;
    private readonly List<Task> _readers = [];
    private readonly CancellationTokenSource _stop = new();
    private long _target = long.MaxValue;

    private SubscriberPool(HttpClient http, int count)
    {
        _http = http;
        _arrivals = new long[count];
        _versions = new long[count];
    }

    public int Count => _arrivals.Length;

    public int Failed;

    /// <summary>Opens <paramref name="count"/> streams (at most 200 connecting at once) and waits until each has its first event.</summary>
    public static async Task<SubscriberPool> ConnectAsync(Uri edge, string key, int count)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, ConnectTimeout = TimeSpan.FromSeconds(30) };
        var http = new HttpClient(handler) { BaseAddress = edge, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var pool = new SubscriberPool(http, count);
        using var gate = new SemaphoreSlim(200);
        var opened = new Task[count];
        for (var i = 0; i < count; i++)
        {
            var index = i;
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await gate.WaitAsync();
            pool._readers.Add(Task.Run(() => pool.ReadAsync(index, ready)));
            opened[i] = ready.Task.ContinueWith(_ => gate.Release(), TaskScheduler.Default);
        }

        await Task.WhenAll(opened);
        return pool;
    }

    /// <summary>Expects <paramref name="version"/> next; returns the stamp to measure from.</summary>
    public long Expect(long version)
    {
        Array.Clear(_arrivals);
        Volatile.Write(ref _target, version);
        return Stopwatch.GetTimestamp();
    }

    /// <summary>Waits until every subscriber has the expected version; returns each one's latency in ms.</summary>
    public async Task<double[]> WaitAsync(long since, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (_arrivals.Any(a => a == 0) && deadline.Elapsed < timeout)
        {
            await Task.Delay(5);
        }

        var missing = _arrivals.Count(a => a == 0);
        if (missing > 0)
        {
            throw new TimeoutException($"{missing} of {Count} subscribers did not receive version {_target} within {timeout}");
        }

        return [.. _arrivals.Select(a => Stopwatch.GetElapsedTime(since, a).TotalMilliseconds)];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _http.Dispose();
        await Task.WhenAll(_readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task ReadAsync(int index, TaskCompletionSource ready)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/stream");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(_stop.Token);
            var parser = SseParser.Create(body, static (type, _) => type);
            await foreach (var item in parser.EnumerateAsync(_stop.Token))
            {
                var version = long.Parse(parser.LastEventId, CultureInfo.InvariantCulture);
                _versions[index] = version;
                if (version >= Volatile.Read(ref _target) && _arrivals[index] == 0)
                {
                    _arrivals[index] = Stopwatch.GetTimestamp();
                }

                ready.TrySetResult();
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref Failed);
            ready.TrySetException(e);
        }
    }
}
