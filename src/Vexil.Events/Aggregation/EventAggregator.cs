using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vexil.Events.Bus;
using Vexil.Events.Ingestion;

namespace Vexil.Events.Aggregation;

/// <summary>
/// The durable consumer that folds batches into the store. A message is acknowledged only after its counts are
/// committed; the store drops a batch it has seen, so redelivery (a crash, a lost ack, a re-sent batch) never counts twice.
/// </summary>
internal sealed partial class EventAggregator(
    IMessageBus bus,
    IEventStore store,
    TimeProvider time,
    EventsMetrics metrics,
    ILogger<EventAggregator> logger,
    string consumerName = EventAggregator.ConsumerName) : BackgroundService
{
    /// <summary>The default durable consumer's name (see <see cref="EventsOptions.AggregatorConsumer"/>).</summary>
    public const string ConsumerName = "aggregator";
    private const int FetchSize = 64;
    private static readonly TimeSpan FetchWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IMessageConsumer? consumer = null;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                consumer ??= await bus.OpenConsumerAsync(BusTopics.Events, consumerName, stoppingToken);
                var messages = await consumer.FetchAsync(FetchSize, FetchWait, stoppingToken);
                foreach (var message in messages)
                {
                    await HandleAsync(consumer, message, stoppingToken);
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = Backoff(failures);
                LogBusFailure(logger, delay.TotalMilliseconds, ex);
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    internal async Task HandleAsync(IMessageConsumer consumer, BusMessage message, CancellationToken cancellationToken)
    {
        var envelope = EventEnvelope.Read(message.Payload, int.MaxValue);
        if (envelope is not { } content)
        {
            LogPoison(logger, message.MessageId);
            metrics.Aggregated.Add(1, new KeyValuePair<string, object?>("result", "poison"));
            await consumer.AckAsync(message, cancellationToken);
            return;
        }

        bool applied;
        try
        {
            applied = await store.ApplyAsync(BatchAggregate.From(content.Environment, content.Batch), time.GetUtcNow(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStoreFailure(logger, message.MessageId, ex);
            await consumer.NakAsync(message, RetryDelay, cancellationToken);
            return;
        }

        metrics.Aggregated.Add(1, new KeyValuePair<string, object?>("result", applied ? "applied" : "duplicate"));
        await consumer.AckAsync(message, cancellationToken);
    }

    private static TimeSpan Backoff(int failures)
    {
        var exponential = TimeSpan.FromMilliseconds(100 * Math.Pow(2, Math.Min(failures, 10)));
        var capped = exponential < MaxBackoff ? exponential : MaxBackoff;
        return capped * (0.5 + (Random.Shared.NextDouble() * 0.5));
    }
}
