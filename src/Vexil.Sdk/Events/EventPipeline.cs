using System.Net;
using Microsoft.Extensions.Logging;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.Delivery;
using Vexil.Sdk.Diagnostics;
using Vexil.Sdk.Snapshots;

namespace Vexil.Sdk.Events;

/// <summary>
/// Closes a counting window every <see cref="VexilOptions.EventsFlushInterval"/>, turns the counts into summaries in
/// a bounded buffer, and sends them to <c>/events/v1/bulk</c> in batches. A failed batch is retried with the same id
/// (so the server never counts it twice) at the next window; evaluation never waits for any of it.
/// </summary>
internal sealed class EventPipeline(RulesetStore store, SummaryBuffer buffer, DeliveryHttp http, VexilOptions options, TimeProvider time, ILogger logger, SdkMetrics metrics)
{
    /// <summary>The events endpoint takes at most 1 MiB; a batch over this is split.</summary>
    private const int MaxBodyBytes = 1_000_000;

    private List<PendingSummary>? _lastBatch;
    private Guid _lastBatchId;

    public SummaryBuffer Buffer => buffer;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(options.EventsFlushInterval, time, cancellationToken).ConfigureAwait(false);
            CloseWindow();
            await SendAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Moves the counts of every open window into the buffer.</summary>
    public void CloseWindow()
    {
        var now = time.GetUtcNow();
        var (current, closed) = store.CloseWindow(now);
        var summaries = new List<PendingSummary>();
        foreach (var leaf in current.Slots)
        {
            Summarize(leaf.Value, closed, now, summaries);
        }

        Enqueue(summaries);
    }

    /// <summary>Summarises the slots a new snapshot stopped counting (evaluations still running on the old one may be missed).</summary>
    public void Retire(RetiredCounts retired)
    {
        var summaries = new List<PendingSummary>();
        var now = time.GetUtcNow();
        foreach (var slot in retired.Slots)
        {
            Summarize(slot, retired.Counters, now, summaries);
        }

        Enqueue(summaries);
    }

    private void Enqueue(List<PendingSummary> summaries)
    {
        if (summaries.Count == 0)
        {
            return;
        }

        var dropped = buffer.Add(summaries);
        if (dropped > 0)
        {
            metrics.EventsDropped(dropped);
            logger.EventsDropped(dropped);
        }
    }

    /// <summary>Sends buffered summaries until the buffer is empty or a request fails; returns true when all went.</summary>
    public async Task<bool> SendAsync(CancellationToken cancellationToken)
    {
        while (buffer.Count > 0 && !cancellationToken.IsCancellationRequested)
        {
            var batch = buffer.Peek(options.MaxSummariesPerBatch);
            var id = SameAsLast(batch) ? _lastBatchId : Guid.NewGuid();
            var body = SummaryPayload.Write(id, batch);
            while (body.Length > MaxBodyBytes && batch.Count > 1)
            {
                batch = batch.GetRange(0, batch.Count / 2);
                id = SameAsLast(batch) ? _lastBatchId : Guid.NewGuid();
                body = SummaryPayload.Write(id, batch);
            }

            _lastBatch = batch;
            _lastBatchId = id;
            string? error;
            try
            {
                using var response = await http.PostEventsAsync(body, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode || response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge)
                {
                    // Accepted, or never acceptable: either way this batch is done.
                    buffer.Remove(batch);
                    _lastBatch = null;
                    if (response.IsSuccessStatusCode)
                    {
                        metrics.EventsSent(batch.Count);
                        continue;
                    }
                }

                error = "HTTP " + (int)response.StatusCode;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                error = e is OperationCanceledException ? "timed out" : e.Message;
            }

            logger.EventsFailed(batch.Count, error);
            return false;
        }

        return buffer.Count == 0;
    }

    private bool SameAsLast(List<PendingSummary> batch)
    {
        var last = _lastBatch;
        if (last is null || last.Count != batch.Count)
        {
            return false;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (!ReferenceEquals(last[i], batch[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static void Summarize(FlagSlot slot, EvaluationCounters counters, DateTimeOffset end, List<PendingSummary> into)
    {
        var defaults = counters.Read(slot.Offset);
        if (defaults > 0)
        {
            into.Add(new PendingSummary(slot.Flag.Key, null, slot.Flag.Version, defaults, counters.Start, end));
        }

        var variations = slot.Flag.Variations;
        for (var i = 0; i < variations.Length; i++)
        {
            var count = counters.Read(slot.Offset + 1 + i);
            if (count > 0)
            {
                into.Add(new PendingSummary(slot.Flag.Key, variations[i].Key, slot.Flag.Version, count, counters.Start, end));
            }
        }
    }
}
