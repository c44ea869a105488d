namespace Vexil.Sdk.Delivery;

/// <summary>Jittered exponential backoff: the n-th delay is a random point in [½, 1] × min(cap, initial × 2ⁿ).</summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan cap, Func<double>? random = null)
{
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;
    private int _attempt;

    public TimeSpan Next()
    {
        var ceiling = Math.Min(cap.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, Math.Min(_attempt, 30)));
        _attempt++;
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (0.5 * _random())));
    }

    public void Reset() => _attempt = 0;
}
