using System.Diagnostics.Metrics;

namespace Vexil.Server.Tests.Infrastructure;

/// <summary>An <see cref="IMeterFactory"/> whose meters belong to one test only.</summary>
public sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
