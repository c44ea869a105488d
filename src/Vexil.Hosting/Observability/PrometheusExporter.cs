using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Vexil.Hosting.Observability;

/// <summary>
/// A small Prometheus text-format exporter over <see cref="MeterListener"/>: it listens to this application's Vexil
/// meters only (those its <see cref="IMeterFactory"/> created), keeps sums, last values and histogram buckets per
/// tag set, and renders them on scrape. Instrument names become Prometheus names (<c>vexil.delivery.streams</c> →
/// <c>vexil_delivery_streams</c>; seconds get <c>_seconds</c>, counters <c>_total</c>).
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, ConcurrentDictionary<string, MetricPoint>> _points = new();
    [ThreadStatic]
    private static Dictionary<Instrument, RecentPoint>? t_recent;

    private readonly Lock _scrape = new();

    public PrometheusExporter(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory) && IsExported(instrument))
            {
                _points.TryAdd(instrument, new ConcurrentDictionary<string, MetricPoint>(StringComparer.Ordinal));
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Renders every metric in the Prometheus text exposition format (version 0.0.4).</summary>
    public string Scrape()
    {
        var text = new StringBuilder();
        lock (_scrape)
        {
            _listener.RecordObservableInstruments();
            foreach (var (instrument, points) in _points.OrderBy(p => p.Key.Name, StringComparer.Ordinal))
            {
                var kind = KindOf(instrument);
                var name = NameOf(instrument, kind);
                text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {instrument.Description}\n");
                text.Append(CultureInfo.InvariantCulture, $"# TYPE {name} {kind}\n");
                foreach (var (labels, point) in points.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    point.Render(text, name, labels);
                }
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_points.TryGetValue(instrument, out var points))
        {
            return;
        }

        // Most measurements on a thread repeat the previous tags of their instrument (every OFREP request records the
        // same route, method and status): reuse that point instead of building its label string again.
        var recent = t_recent ??= new Dictionary<Instrument, RecentPoint>(ReferenceEqualityComparer.Instance);
        if (recent.TryGetValue(instrument, out var last) && last.Matches(tags))
        {
            last.Point.Record(value);
            return;
        }

        var labels = Labels(tags);
        var point = points.GetOrAdd(labels, static (_, i) => new MetricPoint(i is Histogram<double> or Histogram<long>, !i.IsObservable, BucketsOf(i)), instrument);
        point.Record(value);
        if (recent.Count < 64 || recent.ContainsKey(instrument))
        {
            recent[instrument] = new RecentPoint(tags.ToArray(), point);
        }
    }

    /// <summary>The tags an instrument was last recorded with on this thread, and the point they map to.</summary>
    private sealed class RecentPoint(KeyValuePair<string, object?>[] tags, MetricPoint point)
    {
        public MetricPoint Point { get; } = point;

        public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> other)
        {
            if (other.Length != tags.Length)
            {
                return false;
            }

            for (var i = 0; i < tags.Length; i++)
            {
                if (!string.Equals(tags[i].Key, other[i].Key, StringComparison.Ordinal) || !Equals(tags[i].Value, other[i].Value))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// Vexil's own meters, and ASP.NET Core's <c>http.server.request.duration</c> (requests by route and status code:
    /// the error rates the alert rules watch).
    /// </summary>
    private static bool IsExported(Instrument instrument) =>
        instrument.Meter.Name.StartsWith("Vexil", StringComparison.Ordinal)
        || (instrument.Meter.Name == "Microsoft.AspNetCore.Hosting" && instrument.Name == "http.server.request.duration");

    private static string KindOf(Instrument instrument)
    {
        var type = instrument.GetType();
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        return definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>) ? "counter"
            : definition == typeof(Histogram<>) ? "histogram"
            : "gauge";
    }

    private static double[] BucketsOf(Instrument instrument) =>
        instrument is Histogram<double> { Advice.HistogramBucketBoundaries: { } boundaries } ? [.. boundaries] : DefaultBuckets;

    private static string NameOf(Instrument instrument, string kind)
    {
        var name = instrument.Name.Replace('.', '_').Replace('-', '_');
        if (instrument.Unit == "s")
        {
            name += "_seconds";
        }
        else if (instrument.Unit == "By")
        {
            name += "_bytes";
        }

        return kind == "counter" ? name + "_total" : name;
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return string.Empty;
        }

        var pairs = new List<string>(tags.Length);
        foreach (var (key, value) in tags)
        {
            var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
            text = text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            pairs.Add($"{key.Replace('.', '_')}=\"{text}\"");
        }

        pairs.Sort(StringComparer.Ordinal);
        return string.Join(',', pairs);
    }
}
