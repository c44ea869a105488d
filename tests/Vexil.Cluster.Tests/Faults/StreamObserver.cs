using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;

namespace Vexil.Cluster.Tests.Faults;

/// <summary>
/// A raw SSE subscriber of <c>/sdk/v1/stream</c> that checks every event against the protocol's rules as it arrives
/// (docs/protocol.md): a <c>change</c> applies to exactly its id − 1 (anything else is a gap or a step back); a
/// <c>ruleset</c> may jump forward but never back. It reconnects with <c>Last-Event-ID</c> and jittered backoff,
/// and after a refused change (a gap) without it, as a receiver must.
/// </summary>
internal sealed class StreamObserver(string name, Uri address, string key)
{
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentQueue<string> _stale = new();
    private long _version;
    private long _disconnectedAt;
    private long _longestOutageTicks;

    public string Name { get; } = name;

    public long Version => Interlocked.Read(ref _version);

    public int Events;

    public int Rulesets;

    public int Connections;

    public IReadOnlyCollection<string> Violations => _violations;

    /// <summary>Events behind the held version that a server offered (not applied).</summary>
    public int StaleOffers;

    public IReadOnlyCollection<string> Stale => _stale;

    /// <summary>The longest time between losing a stream (or starting) and the next one answering.</summary>
    public TimeSpan LongestOutage => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _longestOutageTicks));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var failures = 0;
        var resume = true;
        _disconnectedAt = Stopwatch.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/stream");
                var offered = 0L;
                if (resume && Version > 0)
                {
                    offered = Version;
                    request.Headers.Add("Last-Event-ID", Version.ToString(CultureInfo.InvariantCulture));
                }

                resume = true;
                using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                connect.CancelAfter(TimeSpan.FromSeconds(10));
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, connect.Token);
                response.EnsureSuccessStatusCode();
                Interlocked.Increment(ref Connections);
                var outage = Stopwatch.GetTimestamp() - _disconnectedAt;
                if (Connections > 1 && outage > Interlocked.Read(ref _longestOutageTicks))
                {
                    Interlocked.Exchange(ref _longestOutageTicks, outage);
                }

                try
                {
                    await using var body = new IdleTimeoutStream(await response.Content.ReadAsStreamAsync(cancellationToken), TimeSpan.FromSeconds(35));
                    var parser = SseParser.Create(body, static (type, data) => (type, data: data.ToArray()));
                    await foreach (var item in parser.EnumerateAsync(cancellationToken))
                    {
                        failures = 0;
                        if (!Apply(item.EventType, long.Parse(parser.LastEventId, CultureInfo.InvariantCulture), ref offered))
                        {
                            resume = false;
                            break;
                        }
                    }
                }
                finally
                {
                    _disconnectedAt = Stopwatch.GetTimestamp();
                }
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Dropped, refused, reset, timed out, 503 before a ruleset: reconnect below.
            }

            failures++;
            var cap = Math.Min(2_000, 100 * (1 << Math.Min(failures, 5)));
            try
            {
                await Task.Delay(Random.Shared.Next(cap / 2, cap + 1), cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>
    /// Applies one event; false when it must not be applied (a gap): the caller reconnects without resuming.
    /// <paramref name="offered"/> is where this connection's stream stands (the Last-Event-ID sent, then each event);
    /// the held version moves only forward. A ruleset behind the held version, and the changes that follow it up to
    /// the held version, are not applied: they are counted as stale offers (a server that came back behind what the
    /// subscriber already had), not as the subscriber going back.
    /// </summary>
    private bool Apply(string type, long id, ref long offered)
    {
        Interlocked.Increment(ref Events);
        var held = Version;
        switch (type)
        {
            case "ruleset":
                Interlocked.Increment(ref Rulesets);
                offered = id;
                if (id < held)
                {
                    Interlocked.Increment(ref StaleOffers);
                    _stale.Enqueue($"{Name}: offered ruleset {id} while holding {held}");
                    return true;
                }

                Interlocked.Exchange(ref _version, id);
                return true;
            case "change":
                if (id != offered + 1)
                {
                    _violations.Enqueue($"{Name}: change {id} on a stream at {offered} (out of order: {(id <= offered ? "backwards or repeated" : "a gap")})");
                    return false;
                }

                offered = id;
                if (id <= held)
                {
                    Interlocked.Increment(ref StaleOffers);
                    return true;
                }

                Interlocked.Exchange(ref _version, id);
                return true;
            default:
                return true;
        }
    }
}
