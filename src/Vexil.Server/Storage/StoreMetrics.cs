using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Vexil.Server.Storage;

/// <summary>
/// Store instrumentation, OpenTelemetry-style names: <c>vexil.store.writes</c> (writes by operation and outcome) and
/// <c>vexil.store.write.duration</c> (seconds). Costs nothing without listeners and never throws into the caller.
/// </summary>
internal sealed class StoreMetrics
{
    public const string MeterName = "Vexil.Server.Store";

    private readonly Counter<long> _writes;
    private readonly Histogram<double> _duration;

    public StoreMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _writes = meter.CreateCounter<long>("vexil.store.writes", "{write}", "Writes to the control-plane store, by operation and outcome.");
        _duration = meter.CreateHistogram<double>("vexil.store.write.duration", "s", "How long a store write took, transaction included.");
    }

    public void Record(string operation, WriteStatus status, long startTimestamp)
    {
        if (!_writes.Enabled && !_duration.Enabled)
        {
            return;
        }

        var tags = new TagList { { "vexil.operation", operation }, { "vexil.outcome", status.ToString().ToLowerInvariant() } };
        _writes.Add(1, tags);
        _duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
    }
}
