using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vexil.Cluster.Tests.Faults;

/// <summary>
/// Posts event batches (one summary of count 1 for one flag, a unique id each) through HAProxy's control-plane
/// frontend. A batch without a 202 is sent again under the same id until it has one (as the protocol asks of
/// senders); every fifth acknowledged batch is sent a second time on purpose. So the usage API must count exactly
/// one evaluation per acknowledged batch id.
/// </summary>
internal sealed class EventsSender(Uri controlPlane, string key, string flag)
{
    private readonly HashSet<string> _acknowledged = [];
    private int _paused;
    private int _busy;

    public int Retries;

    public int Duplicates;

    public int Acknowledged
    {
        get
        {
            lock (_acknowledged)
            {
                return _acknowledged.Count;
            }
        }
    }

    public bool Paused
    {
        get => Volatile.Read(ref _paused) == 1;
        set => Volatile.Write(ref _paused, value ? 1 : 0);
    }

    public bool Idle => Paused && Volatile.Read(ref _busy) == 0;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = controlPlane, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        while (!cancellationToken.IsCancellationRequested)
        {
            Volatile.Write(ref _busy, 0);
            if (!await DelayAsync(Paused ? 50 : 250, cancellationToken))
            {
                return;
            }

            Volatile.Write(ref _busy, 1);
            if (Paused)
            {
                continue;
            }

            var id = "fault-" + Guid.NewGuid().ToString("N");

            // Until acknowledged (the writer's own deadline ends it only with the test).
            while (true)
            {
                var accepted = await SendAsync(http, id, cancellationToken);
                if (cancellationToken.IsCancellationRequested)
                {
                    // Not acknowledged and never will be: it may still have been enqueued once. Keep it out of the
                    // count by not ending the test here (the test stops the sender only while it is idle).
                    return;
                }

                if (accepted)
                {
                    break;
                }

                Interlocked.Increment(ref Retries);
                await DelayAsync(300, cancellationToken);
            }

            int count;
            lock (_acknowledged)
            {
                _acknowledged.Add(id);
                count = _acknowledged.Count;
            }

            if (count % 5 == 0 && await SendAsync(http, id, cancellationToken))
            {
                Interlocked.Increment(ref Duplicates);
            }
        }
    }

    private async Task<bool> SendAsync(HttpClient http, string id, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var batch = new
        {
            id,
            sdk = "vexil-faults/1.0.0",
            summaries = new[] { new { flag, variation = ProbeVariation, version = 1, count = 1, start = now, end = now } },
        };
        try
        {
            using var response = await http.PostAsJsonAsync("/events/v1/bulk", batch, cancellationToken);
            if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new InvalidOperationException($"the events endpoint refused a batch: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            return response.StatusCode == HttpStatusCode.Accepted;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// The variation this sender's summaries name: the flag's real evaluations (OFREP callers and SDKs, whose
    /// summaries the edges forward) are counted too, under the flag's own variations, so only this one is the sender's.
    /// </summary>
    public const string ProbeVariation = "fault-suite-probe";

    /// <summary>Sums the evaluations the usage API of <paramref name="replica"/> counts for the flag under <see cref="ProbeVariation"/> (hours around now).</summary>
    public static async Task<long> CountedAsync(HttpClient admin, Uri replica, string project, string environment, string flag, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var from = new DateTimeOffset(since.Year, since.Month, since.Day, since.Hour, 0, 0, TimeSpan.Zero).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var to = DateTimeOffset.UtcNow.AddHours(2).ToString("yyyy-MM-ddTHH:00:00Z", CultureInfo.InvariantCulture);
        using var response = await admin.GetAsync(new Uri(replica, $"/api/v1/projects/{project}/environments/{environment}/flags/{flag}/usage?from={from}&to={to}&granularity=hour"), cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.GetProperty("points").EnumerateArray()
            .Where(p => p.TryGetProperty("variation", out var v) && v.ValueKind == JsonValueKind.String && v.GetString() == ProbeVariation)
            .Sum(p => p.GetProperty("evaluations").GetInt64());
    }

    private static async Task<bool> DelayAsync(int milliseconds, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(milliseconds, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
