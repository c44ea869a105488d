using System.Numerics;

namespace Vexil.Sdk.Snapshots;

/// <summary>
/// Evaluation counts of one snapshot for one window: one counter per flag variation (plus one for "no variation"),
/// striped by processor so that threads on different cores rarely share a cache line. Incrementing never
/// allocates and never locks; the window is closed by swapping in a fresh instance.
/// </summary>
internal sealed class EvaluationCounters
{
    private readonly long[] _values;
    private readonly int _stride;
    private readonly int _mask;

    public EvaluationCounters(int slots, DateTimeOffset start)
    {
        var stripes = Math.Min(4, (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, Environment.ProcessorCount)));
        _stride = slots;
        _mask = stripes - 1;
        _values = new long[slots * stripes];
        Start = start;
    }

    /// <summary>When this window opened.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The number of counters per stripe.</summary>
    public int Slots => _stride;

    public void Increment(int slot) =>
        Interlocked.Increment(ref _values[((Thread.GetCurrentProcessorId() & _mask) * _stride) + slot]);

    /// <summary>The count of a slot over every stripe.</summary>
    public long Read(int slot)
    {
        long total = 0;
        for (var i = slot; i < _values.Length; i += _stride)
        {
            total += Volatile.Read(ref _values[i]);
        }

        return total;
    }
}
