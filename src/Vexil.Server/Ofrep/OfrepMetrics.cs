using System.Diagnostics.Metrics;

namespace Vexil.Server.Ofrep;

/// <summary>OFREP change-stream instrumentation (OpenTelemetry-style names); costs nothing without listeners.</summary>
internal sealed class OfrepMetrics
{
    public const string MeterName = "Vexil.Server.Ofrep";

    private readonly UpDownCounter<long> _streams;
    private long _refetches;

    public OfrepMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _streams = meter.CreateUpDownCounter<long>("vexil.ofrep.streams", "{stream}", "Open OFREP change streams (/ofrep/v1/events).");
        meter.CreateObservableCounter("vexil.ofrep.refetches.sent", () => Volatile.Read(ref _refetches), "{event}", "refetchEvaluation events written to OFREP change streams.");
    }

    public void StreamOpened() => _streams.Add(1);

    public void StreamClosed() => _streams.Add(-1);

    public void RefetchSent() => Interlocked.Increment(ref _refetches);
}
