using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vexil.Events.Bus;

namespace Vexil.Events.Ingestion;

/// <summary>Validates batches (all errors at once, nothing kept from a bad one) and publishes the good ones on the bus.</summary>
public sealed partial class EventIngestor : IEventIngestor
{
    private readonly IMessageBus _bus;
    private readonly EventsOptions _options;
    private readonly TimeProvider _time;
    private readonly EventsMetrics _metrics;
    private readonly ILogger<EventIngestor> _logger;

    internal EventIngestor(IMessageBus bus, EventsOptions options, TimeProvider time, EventsMetrics metrics, ILogger<EventIngestor> logger)
    {
        _bus = bus;
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<IngestResult> IngestAsync(string environment, ReadOnlyMemory<byte> body, EventSender sender, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(environment);
        if (body.Length > _options.MaxBodyBytes)
        {
            return Count(IngestResult.TooLarge($"the body is {body.Length} bytes; at most {_options.MaxBodyBytes} are allowed"));
        }

        var now = _time.GetUtcNow();
        var limits = new EventBatchLimits(_options.MaxItems, _options.MaxSummaryCount, _options.MaxBatchEvaluations, now + _options.MaxFutureSkew, sender == EventSender.Server);
        var read = EventBatchReader.Read(body, limits);
        if (read.Batch is not { } batch)
        {
            LogRejected(_logger, environment, read.Errors.Count, read.Errors[0].ToString());
            return Count(IngestResult.Invalid(read.Errors));
        }

        var payload = EventEnvelope.Write(environment, now, body.Span);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _bus.PublishAsync(BusTopics.Events, MessageId(environment, batch.Id), payload, cancellationToken);
        }
        catch (BusUnavailableException ex)
        {
            LogUnavailable(_logger, environment, batch.Id, ex);
            return Count(IngestResult.Unavailable(batch.Id));
        }

        _metrics.EnqueueDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        _metrics.Items.Add(batch.ItemCount);
        return Count(IngestResult.Accepted(batch.Id, batch.ItemCount));
    }

    /// <inheritdoc />
    public async Task<IngestResult> IngestAsync(string environment, Stream body, EventSender sender, CancellationToken cancellationToken)
    {
        var limit = _options.MaxBodyBytes;
        var buffer = new byte[Math.Min(limit + 1, 64 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limit)
                {
                    return Count(IngestResult.TooLarge($"the body is over {limit} bytes"));
                }

                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, limit + 1));
            }

            var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        if (length > limit)
        {
            return Count(IngestResult.TooLarge($"the body is over {limit} bytes"));
        }

        return await IngestAsync(environment, buffer.AsMemory(0, length), sender, cancellationToken);
    }

    /// <summary>The bus message id: the batch id within its environment.</summary>
    internal static string MessageId(string environment, string batchId) => environment + "/" + batchId;

    private IngestResult Count(IngestResult result)
    {
        _metrics.Batches.Add(1, new KeyValuePair<string, object?>("outcome", result.Status switch
        {
            IngestStatus.Accepted => "accepted",
            IngestStatus.Invalid => "invalid",
            IngestStatus.TooLarge => "too_large",
            _ => "unavailable",
        }));
        return result;
    }
}
