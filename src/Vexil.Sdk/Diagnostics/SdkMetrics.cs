using System.Diagnostics.Metrics;

namespace Vexil.Sdk.Diagnostics;

/// <summary>
/// The SDK's instruments, on one meter per client (from <see cref="IMeterFactory"/> when given, so tests can isolate
/// it). Nothing here is on the evaluation path but <see cref="Evaluations"/>, added to only while something listens.
/// </summary>
internal sealed class SdkMetrics : IDisposable
{
    public const string MeterName = "Vexil.Sdk";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _updates;
    private readonly Counter<long> _streamFailures;
    private readonly Counter<long> _eventsSent;
    private readonly Counter<long> _eventsDropped;
    private readonly Counter<long> _undecided;

    public SdkMetrics(IMeterFactory? factory, Func<long> version, Func<long> buffered)
    {
        _ownsMeter = factory is null;
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _updates = _meter.CreateCounter<long>("vexil.sdk.ruleset.updates", "{update}", "Rulesets and changes applied or rejected.");
        _streamFailures = _meter.CreateCounter<long>("vexil.sdk.stream.failures", "{failure}", "Streams that failed or ended.");
        _eventsSent = _meter.CreateCounter<long>("vexil.sdk.events.sent", "{summary}", "Evaluation summaries accepted by the server.");
        _undecided = _meter.CreateCounter<long>("vexil.sdk.evaluations.undecided", "{evaluation}", "Evaluations that served the caller's default because a regular expression hit its time bound.");
        _eventsDropped = _meter.CreateCounter<long>("vexil.sdk.events.dropped", "{summary}", "Evaluation summaries dropped because the buffer was full.");
        Evaluations = _meter.CreateCounter<long>(VexilTelemetry.EvaluationsCounterName, "{evaluation}", "Flag evaluations, by feature_flag.key, feature_flag.result.variant and feature_flag.result.reason.");
        _meter.CreateObservableGauge("vexil.sdk.ruleset.version", version, "{version}", "The version of the rules being served.");
        _meter.CreateObservableUpDownCounter("vexil.sdk.events.buffered", buffered, "{summary}", "Evaluation summaries waiting to be sent.");
    }

    /// <summary>The <c>feature_flag.evaluations</c> counter (<see cref="EvaluationTelemetry"/>).</summary>
    public Counter<long> Evaluations { get; }

    public void Update(string kind, string outcome) =>
        _updates.Add(1, new KeyValuePair<string, object?>("vexil.update.kind", kind), new KeyValuePair<string, object?>("vexil.update.outcome", outcome));

    public void StreamFailure() => _streamFailures.Add(1);

    public void Undecided() => _undecided.Add(1);

    public void EventsSent(int count) => _eventsSent.Add(count);

    public void EventsDropped(long count) => _eventsDropped.Add(count);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
