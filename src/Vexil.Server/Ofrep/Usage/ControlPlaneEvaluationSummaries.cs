using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using Vexil.Events.Bus;
using Vexil.Events.Ingestion;
using Vexil.Server.Snapshots;

namespace Vexil.Server.Ofrep.Usage;

/// <summary>
/// The evaluations the control plane answers itself (OFREP single and bulk, <c>/sdk/v1/evaluate</c>), summarized like
/// an SDK's: a tally per environment, turned every <see cref="OfrepOptions.UsageInterval"/> (and once more at
/// shutdown) into summary batches published on the events bus under ids of this process, so every replica's counts
/// add up. Recording never waits: a request pays one dictionary hit and one interlocked increment. While the bus
/// refuses, batches wait in memory (bounded: the oldest are dropped and logged) and are sent again under the same id.
/// </summary>
internal sealed partial class ControlPlaneEvaluationSummaries(
    IMessageBus bus,
    EnvironmentSnapshots rulesets,
    IOptions<OfrepOptions> options,
    TimeProvider time,
    ILogger<ControlPlaneEvaluationSummaries> logger) : BackgroundService
{
    /// <summary>The most batches kept while the bus refuses them (about 3 hours of 10-second windows of one environment).</summary>
    internal const int MaxPending = 1_000;

    private readonly ConcurrentDictionary<long, EvaluationTally> _tallies = new();
    private readonly Queue<Pending> _pending = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private DateTimeOffset _windowStart = time.GetUtcNow();
    private long _sequence;

    /// <summary>The tally of an environment (by its id).</summary>
    public EvaluationTally For(long environmentId) =>
        _tallies.TryGetValue(environmentId, out var tally) ? tally : _tallies.GetOrAdd(environmentId, id => new EvaluationTally(flag =>
            rulesets.Current(id)?.Compiled.TryGetFlag(flag.Key, out var current) == true && ReferenceEquals(current, flag)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken); // the last window goes out before the process ends
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.UsageInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Publishes one window's summaries of every environment, after any batches still waiting.</summary>
    internal async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            var start = _windowStart;
            var end = time.GetUtcNow();
            _windowStart = end;
            foreach (var (environmentId, tally) in _tallies)
            {
                var lines = tally.Drain();
                for (var offset = 0; offset < lines.Count; offset += SummaryBatch.MaxSummaries)
                {
                    var chunk = lines.GetRange(offset, Math.Min(SummaryBatch.MaxSummaries, lines.Count - offset));
                    var id = string.Create(CultureInfo.InvariantCulture, $"cp-{_instance}-{Interlocked.Increment(ref _sequence)}");
                    var environment = EventsApi.EnvironmentName(environmentId);
                    var payload = EventEnvelope.Write(environment, end, SummaryBatch.Write(id, "vexil-control-plane", chunk, start, end));
                    Enqueue(new Pending(EventIngestor.MessageId(environment, id), payload, SummaryBatch.Evaluations(chunk)));
                }
            }

            await PublishPendingAsync(cancellationToken);
        }
        finally
        {
            _flushing.Release();
        }
    }

    private void Enqueue(Pending batch)
    {
        _pending.Enqueue(batch);
        if (_pending.Count > MaxPending)
        {
            var dropped = _pending.Dequeue();
            LogDropped(logger, dropped.MessageId, dropped.Evaluations);
        }
    }

    private async Task PublishPendingAsync(CancellationToken cancellationToken)
    {
        while (_pending.TryPeek(out var next))
        {
            try
            {
                await bus.PublishAsync(BusTopics.Events, next.MessageId, next.Payload, cancellationToken);
            }
            catch (BusUnavailableException e)
            {
                LogBusUnavailable(logger, _pending.Count, e.Message);
                return; // kept, sent again under the same id at the next window
            }

            _pending.Dequeue();
        }
    }

    private sealed record Pending(string MessageId, byte[] Payload, long Evaluations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The events bus refused the control plane's own evaluation summaries ({Waiting} batches waiting): {Message}")]
    private static partial void LogBusUnavailable(ILogger logger, int waiting, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped the control plane's evaluation summaries {MessageId} ({Evaluations} evaluations): the events bus refused them for too long")]
    private static partial void LogDropped(ILogger logger, string messageId, long evaluations);
}
