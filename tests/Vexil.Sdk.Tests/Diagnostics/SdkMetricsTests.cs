using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.Testing;

namespace Vexil.Sdk.Tests.Diagnostics;

public sealed class SdkMetricsTests
{
    [Fact]
    public void Updates_are_counted_on_the_meter_from_the_factory()
    {
        var services = new ServiceCollection().AddMetrics();
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IMeterFactory>();
        var updates = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Meter.Name == "Vexil.Sdk")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "vexil.sdk.ruleset.updates")
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "vexil.update.outcome")
                    {
                        updates.Add((string)tag.Value!);
                    }
                }
            }
        });
        listener.Start();

        var data = new VexilTestData();
        using var client = new VexilClient(new VexilOptions { TestData = data }, meterFactory: factory);
        data.Set("a", true);

        Assert.Equal(["applied", "applied"], updates);
    }
}
