using System.Globalization;
using System.Net.ServerSentEvents;
using Microsoft.Extensions.Logging;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.Diagnostics;
using Vexil.Sdk.Snapshots;

namespace Vexil.Sdk.Delivery;

/// <summary>
/// Follows <c>/sdk/v1/stream</c>: resumes with <c>Last-Event-ID</c>, applies change events strictly in order,
/// refetches the full ruleset on a gap or an invalid change, detects a silent stream (no byte, not even a heartbeat,
/// for <see cref="VexilOptions.HeartbeatTimeout"/>), reconnects with jittered backoff honouring <c>Retry-After</c>,
/// and falls back to polling after repeated answered attempts that delivered nothing (a proxy that breaks SSE; an
/// unreachable server, or one that answers with <c>Retry-After</c>, is down or busy, not broken, and does not count),
/// trying the stream again every <see cref="VexilOptions.StreamRetryInterval"/>.
/// </summary>
internal sealed class StreamingDataSource(DeliveryHttp http, RulesetStore store, VexilOptions options, TimeProvider time, ILogger logger, SdkMetrics metrics)
{
    private long _refetches;

    /// <summary>True while the source has fallen back to polling.</summary>
    public bool IsPolling { get; private set; }

    /// <summary>How many times the full ruleset was fetched to recover from a gap or an invalid event.</summary>
    public long Refetches => Interlocked.Read(ref _refetches);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(options.InitialReconnectDelay, options.MaxReconnectDelay);
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var attempt = await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (attempt.Refused)
            {
                logger.KeyRefused(attempt.StatusCode);
                store.MarkOffline(attempt.Reason);
                return;
            }

            metrics.StreamFailure();
            store.MarkUnreachable(attempt.Reason);
            if (attempt.Delivered)
            {
                failures = 0;
                backoff.Reset();
            }
            else if (attempt.Reached && attempt.RetryAfter is null && ++failures >= options.StreamFailuresBeforePolling)
            {
                logger.FallingBackToPolling(failures, options.PollInterval, options.StreamRetryInterval);
                if (!await PollForAWhileAsync(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                failures = 0;
                backoff.Reset();
                continue;
            }

            var delay = attempt.RetryAfter ?? backoff.Next();
            logger.StreamFailed(attempt.Reason, delay);
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Polls for <see cref="VexilOptions.StreamRetryInterval"/>; false when the client must stop (cancelled or refused).</summary>
    private async Task<bool> PollForAWhileAsync(CancellationToken cancellationToken)
    {
        IsPolling = true;
        using var interval = new CancellationTokenSource(options.StreamRetryInterval, time);
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interval.Token);
        try
        {
            await new PollingDataSource(http, store, options, time, logger).RunAsync(window.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Time to try streaming again.
        }

        IsPolling = false;
        return !cancellationToken.IsCancellationRequested && store.Status.State != Status.VexilState.Offline;
    }

    private async Task<StreamAttempt> ConnectOnceAsync(CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.OpenStreamAsync(store.Current.HasRules ? store.Current.Version : 0, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return new StreamAttempt(false, false, false, null, e is OperationCanceledException ? "connect timed out" : e.Message);
        }

        using (response)
        {
            var code = (int)response.StatusCode;
            if (DeliveryHttp.IsRefusal(response.StatusCode))
            {
                return new StreamAttempt(true, false, true, null, $"HTTP {code}", code);
            }

            if (!response.IsSuccessStatusCode)
            {
                return new StreamAttempt(true, false, false, RetryAfter.Read(response.Headers, time.GetUtcNow()), $"HTTP {code}", code);
            }

            if (!string.Equals(response.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                return new StreamAttempt(true, false, false, null, $"not an event stream ({response.Content.Headers.ContentType?.MediaType ?? "no content type"})", code);
            }

            return await ReadAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<StreamAttempt> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var silence = new CancellationTokenSource(options.HeartbeatTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, silence.Token);
        ActivityStream? stream = null;
        try
        {
            var live = false;
            stream = new ActivityStream(await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false), () =>
            {
                silence.CancelAfter(options.HeartbeatTimeout);
                if (!live && store.Current.HasRules)
                {
                    // A live stream resumed from the version held: current (a newer ruleset would come first).
                    live = true;
                    store.MarkReady();
                }
            });
            var parser = SseParser.Create(stream, static (_, data) => data.ToArray());
            await foreach (var item in parser.EnumerateAsync(linked.Token).ConfigureAwait(false))
            {
                await HandleAsync(item, linked.Token).ConfigureAwait(false);
            }

            return new StreamAttempt(true, stream.BytesRead > 0, false, null, "the server closed the stream");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = silence.IsCancellationRequested ? "no heartbeat within " + options.HeartbeatTimeout : e.Message;
            return new StreamAttempt(true, stream?.BytesRead > 0, false, null, reason);
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task HandleAsync(SseItem<byte[]> item, CancellationToken cancellationToken)
    {
        switch (item.EventType)
        {
            case "ruleset":
                var update = CompiledUpdate.FromJson(item.Data);
                if (update.IsValid)
                {
                    store.Replace(update, fromServer: true, source: "stream");
                }
                else
                {
                    logger.RulesetRejected(update.Error!);
                    metrics.Update("stream", "rejected");
                    await RefetchAsync(cancellationToken).ConfigureAwait(false);
                }

                break;
            case "change":
                await ApplyChangeAsync(item, cancellationToken).ConfigureAwait(false);
                break;
            default:
                // Event types this client does not know are ignored (docs/protocol.md, Compatibility).
                break;
        }
    }

    private async Task ApplyChangeAsync(SseItem<byte[]> item, CancellationToken cancellationToken)
    {
        var current = store.Current;
        if (!long.TryParse(item.EventId, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            logger.ChangeRejected(0, "no numeric event id");
            await RefetchAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (current.HasRules && version <= current.Version)
        {
            return; // Already applied (a replay after a refetch): never go back.
        }

        if (!current.HasRules || version != current.Version + 1)
        {
            logger.ChangeRejected(version, $"gap: holding version {current.Version}");
            metrics.Update("change", "gap");
            await RefetchAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var update = ChangeApplier.Apply(current.Json!, item.Data, version);
        if (!update.IsValid)
        {
            logger.ChangeRejected(version, update.Error!);
            metrics.Update("change", "invalid");
            await RefetchAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        store.Replace(update, fromServer: true, source: "change");
    }

    private async Task RefetchAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _refetches);
        var result = await http.FetchRulesetAsync(store.Current.HasRules ? store.Current.Version : 0, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == FetchOutcome.Updated)
        {
            store.Replace(result.Update!, fromServer: true, source: "refetch");
        }
        else if (result.Outcome is FetchOutcome.Failed)
        {
            logger.PollFailed(result.Error ?? "refetch failed");
        }
    }
}
