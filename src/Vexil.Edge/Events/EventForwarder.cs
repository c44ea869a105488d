using System.Collections.Frozen;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Vexil.Events.Bus;

namespace Vexil.Edge.Events;

/// <summary>
/// Sends the spooled batches upstream (<c>POST {upstream}/events/v1/bulk</c> with the edge's own key of the batch's
/// environment, the body unchanged so the upstream de-duplicates by batch id), a few at a time. A batch leaves the
/// spool only once the upstream accepted it, or refused it for good (400, 413: dropped, logged, counted). Anything
/// else (connection refused, timeout, 5xx, 429, 401/403) keeps it and pauses forwarding with jittered exponential
/// backoff, honouring Retry-After. A second-tier edge forwards to its first-tier edge the same way.
/// </summary>
internal sealed partial class EventForwarder(
    EventSpool spool,
    EdgeEnvironments environments,
    IHttpClientFactory httpClients,
    IOptions<EdgeOptions> edge,
    IOptions<EdgeEventsOptions> options,
    ForwardMetrics metrics,
    TimeProvider time,
    ILogger<EventForwarder> logger) : BackgroundService
{
    public const string HttpClientName = "vexil-events-upstream";

    private readonly FrozenDictionary<string, EdgeEnvironment> _byFileName = environments.All.ToFrozenDictionary(e => e.FileName, StringComparer.Ordinal);
    private readonly Uri _endpoint = new(new Uri(edge.Value.Upstream), "events/v1/bulk");
    private bool _reportedFull;

    /// <summary>When the upstream last accepted a batch from this edge.</summary>
    public DateTimeOffset? LastForwardedAt { get; private set; }

    /// <summary>Consecutive failed rounds (0 while forwarding works or nothing is waiting).</summary>
    public int ConsecutiveFailures { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IMessageConsumer? consumer = null;
        while (consumer is null)
        {
            try
            {
                await spool.RecountAsync(stoppingToken);
                consumer = await spool.OpenConsumerAsync(EventSpool.Topic, "upstream", stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                LogSpoolFailed(logger, e); // the folder is unwritable or the file damaged: keep trying, the edge still serves flags
                await PauseAsync(Backoff(ConsecutiveFailures++), stoppingToken);
            }
        }

        if (spool.Batches > 0)
        {
            LogResuming(logger, spool.Batches, spool.Bytes);
        }

        await using (consumer)
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RoundAsync(consumer, stoppingToken);
                }
                catch (Exception) when (stoppingToken.IsCancellationRequested)
                {
                    return; // batches in flight stay in the spool, due again at the next start
                }
                catch (Exception e) when (e is BusUnavailableException or IOException or Microsoft.Data.Sqlite.SqliteException)
                {
                    LogSpoolFailed(logger, e);
                    await PauseAsync(Backoff(ConsecutiveFailures++), stoppingToken);
                }
            }
        }
    }

    private async Task RoundAsync(IMessageConsumer consumer, CancellationToken stoppingToken)
    {
        ReportFullness();
        var messages = await consumer.FetchAsync(options.Value.ForwardConcurrency, TimeSpan.FromSeconds(1), stoppingToken);
        if (messages.Count == 0)
        {
            await spool.RecountAsync(stoppingToken);
            return;
        }

        var outcomes = await Task.WhenAll(messages.Select(m => ForwardAsync(m, stoppingToken)));
        var retries = 0;
        TimeSpan? retryAfter = null;
        string? reason = null;
        for (var i = 0; i < messages.Count; i++)
        {
            var (message, outcome) = (messages[i], outcomes[i]);
            if (outcome.Result == ForwardResult.Retry)
            {
                retries++;
                reason = outcome.Reason;
                if (outcome.RetryAfter is { } after && (retryAfter is null || after > retryAfter))
                {
                    retryAfter = after;
                }

                await consumer.NakAsync(message, TimeSpan.Zero, CancellationToken.None);
                continue;
            }

            await consumer.AckAsync(message, CancellationToken.None);
            spool.Release(message.Payload.Length);
            if (outcome.Result == ForwardResult.Delivered)
            {
                metrics.Forwarded();
                LastForwardedAt = time.GetUtcNow();
            }
            else
            {
                metrics.Dropped(outcome.Reason!);
                LogDropped(logger, SpooledBatch.BatchIdOf(message.MessageId), outcome.Reason!, metrics.DroppedTotal);
            }
        }

        if (retries == 0)
        {
            if (ConsecutiveFailures > 0)
            {
                LogRecovered(logger, spool.Batches);
            }

            ConsecutiveFailures = 0;
            return;
        }

        metrics.Retried(retries);
        var delay = retryAfter ?? Backoff(ConsecutiveFailures);
        ConsecutiveFailures++;
        LogRetrying(logger, retries, reason ?? "unknown", spool.Batches, spool.Bytes, delay.TotalMilliseconds);
        await PauseAsync(delay, stoppingToken);
    }

    private async Task<ForwardOutcome> ForwardAsync(BusMessage message, CancellationToken stoppingToken)
    {
        if (SpooledBatch.Read(message.Payload) is not { } batch)
        {
            return ForwardOutcome.Drop("unreadable");
        }

        if (!_byFileName.TryGetValue(batch.Environment, out var environment))
        {
            return ForwardOutcome.Drop("unknown_environment"); // its key is no longer configured on this edge
        }

        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(batch.Body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", environment.Key);
            using var response = await client.SendAsync(request, stoppingToken);
            if (response.IsSuccessStatusCode)
            {
                return ForwardOutcome.Delivered;
            }

            var status = (int)response.StatusCode;
            if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge)
            {
                var detail = await response.Content.ReadAsStringAsync(stoppingToken);
                LogRejected(logger, SpooledBatch.BatchIdOf(message.MessageId), status, detail.Length > 500 ? detail[..500] : detail);
                return ForwardOutcome.Drop("rejected");
            }

            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                LogKeyRefused(logger, environment.FileName, status);
            }

            return ForwardOutcome.Retry($"HTTP {status}", response.Headers.RetryAfter?.Delta);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
        {
            return ForwardOutcome.Retry(e is TaskCanceledException ? "timeout" : e.Message);
        }
    }

    private void ReportFullness()
    {
        var full = spool.IsFull;
        if (full && !_reportedFull)
        {
            LogSpoolFull(logger, spool.Batches, spool.Bytes, spool.Refused, metrics.DroppedTotal);
        }

        _reportedFull = full;
    }

    private async Task PauseAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var min = options.Value.RetryMinDelay.TotalMilliseconds;
        var capped = Math.Min(options.Value.RetryMaxDelay.TotalMilliseconds, min * Math.Pow(2, Math.Min(attempt, 20)));
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }
}
