using System.Globalization;
using System.Text;

namespace Vexil.Hosting.Observability;

/// <summary>One time series: a sum (counters), a last value (gauges) or bucket counts (histograms).</summary>
internal sealed class MetricPoint(bool histogram, bool accumulate, double[] buckets)
{
    private readonly Lock _gate = new();
    private readonly long[] _bucketCounts = new long[buckets.Length + 1];
    private double _value;
    private double _sum;
    private long _count;

    public void Record(double value)
    {
        lock (_gate)
        {
            if (!histogram)
            {
                // Counters and up-down counters report deltas; observable instruments report the current value.
                _value = accumulate ? _value + value : value;
                return;
            }

            var i = 0;
            while (i < buckets.Length && value > buckets[i])
            {
                i++;
            }

            _bucketCounts[i]++;
            _sum += value;
            _count++;
        }
    }

    public void Render(StringBuilder text, string name, string labels)
    {
        lock (_gate)
        {
            if (!histogram)
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}{Braces(labels)} {Format(_value)}\n");
                return;
            }

            long cumulative = 0;
            for (var i = 0; i < buckets.Length; i++)
            {
                cumulative += _bucketCounts[i];
                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{Braces(Join(labels, $"le=\"{Format(buckets[i])}\""))} {cumulative}\n");
            }

            cumulative += _bucketCounts[^1];
            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{Braces(Join(labels, "le=\"+Inf\""))} {cumulative}\n");
            text.Append(CultureInfo.InvariantCulture, $"{name}_sum{Braces(labels)} {Format(_sum)}\n");
            text.Append(CultureInfo.InvariantCulture, $"{name}_count{Braces(labels)} {_count}\n");
        }
    }

    private static string Braces(string labels) => labels.Length == 0 ? string.Empty : "{" + labels + "}";

    private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
