namespace Vexil.Delivery.Retry;

/// <summary>
/// Jittered exponential backoff, the one every retry loop of the SDK and the edge uses: the n-th delay (from 0) is a
/// random point in [½, 1] × min(<c>cap</c>, <c>initial</c> × 2ⁿ), so clients that failed together do not come back
/// together. <see cref="Reset"/> after a success. One instance per loop; not thread-safe.
/// </summary>
public sealed class Backoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _cap;
    private readonly Func<double> _random;
    private int _attempt;

    /// <summary>Creates a backoff.</summary>
    /// <param name="initial">The ceiling of the first delay.</param>
    /// <param name="cap">The most any delay may be.</param>
    /// <param name="random">A source of numbers in [0, 1) (tests pin it); null uses <see cref="Random.Shared"/>.</param>
    public Backoff(TimeSpan initial, TimeSpan cap, Func<double>? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, initial);
        _initial = initial;
        _cap = cap;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>Failures since the last <see cref="Reset"/>.</summary>
    public int Attempts => _attempt;

    /// <summary>The delay before the next attempt; each call doubles the ceiling, up to the cap.</summary>
    public TimeSpan Next()
    {
        var ceiling = Math.Min(_cap.TotalMilliseconds, _initial.TotalMilliseconds * Math.Pow(2, Math.Min(_attempt, 30)));
        _attempt++;
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (0.5 * _random())));
    }

    /// <summary>
    /// The interval of a periodic poll that succeeded: a random point in [½, 1] × the initial delay, so pollers that
    /// started together (edges after an upstream restart) drift apart instead of asking in lock-step. Counts no failure.
    /// </summary>
    public TimeSpan Interval() => TimeSpan.FromMilliseconds(_initial.TotalMilliseconds * (0.5 + (0.5 * _random())));

    /// <summary>
    /// The delay a server asked for with <c>Retry-After</c>, plus up to a fifth more at random, so the clients a busy
    /// server turned away together spread out instead of returning in the same instant. Counts as a failure.
    /// </summary>
    public TimeSpan After(TimeSpan retryAfter)
    {
        _attempt++;
        return retryAfter * (1 + (_random() / 5));
    }

    /// <summary>Starts over from the initial delay (after a success).</summary>
    public void Reset() => _attempt = 0;
}
