using System.Globalization;

namespace Vexil.LoadHarness;

/// <summary>p50, p99 and max of a sample, in milliseconds.</summary>
internal sealed record Percentiles(double P50, double P99, double Max, int Samples)
{
    public static Percentiles Of(List<double> samples)
    {
        samples.Sort();
        return new Percentiles(At(samples, 0.50), At(samples, 0.99), samples[^1], samples.Count);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {P50:F1} ms, p99 {P99:F1} ms, max {Max:F1} ms ({Samples} samples)");

    private static double At(List<double> sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
