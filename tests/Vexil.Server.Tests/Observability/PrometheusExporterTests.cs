using System.Diagnostics.Metrics;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Observability;

/// <summary>The Prometheus text the exporter renders, and that it only sees its own application's meters.</summary>
public sealed class PrometheusExporterTests
{
    [Fact]
    public void Scrape_RendersCountersGaugesAndHistograms_InPrometheusText()
    {
        using var factory = new TestMeterFactory();
        using var exporter = new PrometheusExporter(factory);
        var meter = factory.Create("Vexil.Test");
        meter.CreateCounter<long>("vexil.test.events", "{event}", "Events.").Add(3, new KeyValuePair<string, object?>("vexil.kind", "a"));
        var streams = meter.CreateUpDownCounter<long>("vexil.test.streams", "{stream}", "Streams.");
        streams.Add(2);
        streams.Add(-1);
        meter.CreateObservableGauge("vexil.test.age", () => 1.5, "s", "Age.");
        var lag = meter.CreateHistogram<double>("vexil.test.lag", "s", "Lag.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1] });
        lag.Record(0.005);
        lag.Record(0.05);
        lag.Record(5);

        var text = exporter.Scrape();

        Assert.Contains("# TYPE vexil_test_events_total counter\nvexil_test_events_total{vexil_kind=\"a\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE vexil_test_streams gauge\nvexil_test_streams 1\n", text, StringComparison.Ordinal);
        Assert.Contains("vexil_test_age_seconds 1.5\n", text, StringComparison.Ordinal);
        Assert.Contains(
            "vexil_test_lag_seconds_bucket{le=\"0.01\"} 1\nvexil_test_lag_seconds_bucket{le=\"0.1\"} 2\nvexil_test_lag_seconds_bucket{le=\"+Inf\"} 3\nvexil_test_lag_seconds_sum 5.055\nvexil_test_lag_seconds_count 3\n",
            text,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Scrape_IgnoresMetersOfOtherFactories()
    {
        using var mine = new TestMeterFactory();
        using var other = new TestMeterFactory();
        using var exporter = new PrometheusExporter(mine);
        other.Create("Vexil.Other").CreateCounter<long>("vexil.other.events").Add(1);

        Assert.DoesNotContain("vexil_other", exporter.Scrape(), StringComparison.Ordinal);
    }

    [Fact]
    public void Scrape_TakesAspNetCoresRequestDuration_AndNoOtherFrameworkInstrument()
    {
        using var factory = new TestMeterFactory();
        using var exporter = new PrometheusExporter(factory);
        var hosting = factory.Create("Microsoft.AspNetCore.Hosting");
        hosting.CreateHistogram<double>("http.server.request.duration", "s", "Requests.")
            .Record(0.002, new KeyValuePair<string, object?>("http.response.status_code", 503), new KeyValuePair<string, object?>("http.route", "/sdk/v1/stream"));
        hosting.CreateUpDownCounter<long>("http.server.active_requests").Add(1);
        factory.Create("Microsoft.AspNetCore.Server.Kestrel").CreateUpDownCounter<long>("kestrel.active_connections").Add(1);

        var text = exporter.Scrape();

        Assert.Contains("http_server_request_duration_seconds_count{http_response_status_code=\"503\",http_route=\"/sdk/v1/stream\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("active_requests", text, StringComparison.Ordinal);
        Assert.DoesNotContain("kestrel", text, StringComparison.Ordinal);
    }
}
