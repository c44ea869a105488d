using System.Globalization;
using Microsoft.Extensions.Options;
using Vexil.Events.Bus;
using Vexil.Events.Ingestion;
using Vexil.Hosting.Ofrep.Usage;

namespace Vexil.Edge.Events;

/// <summary>
/// The edge's own OFREP evaluations, summarized: a tally per environment, turned every
/// <see cref="EdgeEventsOptions.SummaryInterval"/> (and once more at shutdown) into summary batches that go into the
/// spool like any sender's. When the spool is full they are dropped, counted and logged: the edge never refuses a
/// sender to make room for its own.
/// </summary>
internal sealed partial class EdgeEvaluationSummaries(
    EdgeEnvironments environments,
    EventSpool spool,
    IOptions<EdgeEventsOptions> options,
    ForwardMetrics metrics,
    TimeProvider time,
    ILogger<EdgeEvaluationSummaries> logger) : BackgroundService
{
    private readonly EvaluationTally[] _tallies = [.. environments.All.Select(e => new EvaluationTally(flag =>
        e.Current?.Compiled.Flags.GetValueOrDefault(flag.Key) is { } current && ReferenceEquals(current, flag)))];
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private DateTimeOffset _windowStart = time.GetUtcNow();
    private long _sequence;

    /// <summary>The tally of an edge environment (by its id).</summary>
    public EvaluationTally For(long environmentId) => _tallies[(int)environmentId - 1];

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken); // the last window is spooled before the process ends
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SummaryInterval, time);
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

    /// <summary>Spools one window's summaries of every environment.</summary>
    internal async Task FlushAsync(CancellationToken cancellationToken)
    {
        var start = _windowStart;
        var end = time.GetUtcNow();
        _windowStart = end;
        for (var e = 0; e < _tallies.Length; e++)
        {
            var lines = _tallies[e].Drain();
            for (var offset = 0; offset < lines.Count; offset += SummaryBatch.MaxSummaries)
            {
                var chunk = lines.GetRange(offset, Math.Min(SummaryBatch.MaxSummaries, lines.Count - offset));
                await SpoolAsync(environments.All[e], chunk, start, end, cancellationToken);
            }
        }
    }

    private async Task SpoolAsync(EdgeEnvironment environment, List<SummaryLine> lines, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"edge-{_instance}-{Interlocked.Increment(ref _sequence)}");
        var body = SummaryBatch.Write(id, "vexil-edge/" + Hosting.VexilVersion.Value, lines, start, end);
        var evaluations = SummaryBatch.Evaluations(lines);

        // Written here, so valid by construction: straight into the spool, as the ingestor would put it.
        var payload = EventEnvelope.Write(environment.FileName, time.GetUtcNow(), body);
        string? failure = null;
        try
        {
            if (!await spool.TryPublishAsync(EventIngestor.MessageId(environment.FileName, id), payload, cancellationToken))
            {
                failure = "spool_full";
            }
        }
        catch (BusUnavailableException)
        {
            failure = "spool_unavailable";
        }

        if (failure is not null)
        {
            metrics.Dropped(failure, evaluations);
            LogSummariesDropped(logger, id, evaluations, failure, metrics.DroppedTotal);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped the edge's own evaluation summaries {BatchId} ({Evaluations} evaluations): {Reason}; {Total} batches dropped since start")]
    private static partial void LogSummariesDropped(ILogger logger, string batchId, long evaluations, string reason, long total);
}
