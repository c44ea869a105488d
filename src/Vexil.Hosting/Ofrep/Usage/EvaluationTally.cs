using System.Collections.Concurrent;
using Vexil.Core.Evaluation;

namespace Vexil.Hosting.Ofrep.Usage;

/// <summary>
/// The evaluations one environment served (OFREP, <c>/sdk/v1/evaluate</c>): one counter per variation of each
/// compiled flag, plus one for the caller's default (a flag found but no variation to serve: disabled with no off
/// variation), keyed by the flag object, so a new ruleset version counts apart. Recording takes one dictionary hit and
/// one interlocked increment on a counter of the current core's stripe (so cores evaluating the same flag do not fight
/// over one cache line: a bulk evaluation records every flag), never allocating after a flag's first evaluation;
/// <see cref="Drain"/> takes and zeroes every counter atomically, so no evaluation is counted twice or lost. A flag's counters are forgotten only once its
/// ruleset was replaced (<paramref name="isCurrent"/> says no) and two drains in a row found them at zero, long after
/// the last request that could still hold them.
/// </summary>
internal sealed class EvaluationTally(Func<CompiledFlag, bool> isCurrent) : IOfrepEvaluationRecorder
{
    /// <summary>Counter stripes: one per core, up to 16 (a power of two, so a core finds its stripe with a mask).</summary>
    private static readonly int Stripes = (int)Math.Min(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount));

    private readonly ConcurrentDictionary<CompiledFlag, Counts> _counts = new(ReferenceEqualityComparer.Instance);

    /// <summary>How many flags are counted (superseded ones included until they are forgotten).</summary>
    public int Tracked => _counts.Count;

    public void Record(in EvaluationResult result)
    {
        if (result.Flag is not { } flag)
        {
            return; // not found: there is no flag to name
        }

        var counts = _counts.GetOrAdd(flag, static f => new Counts(f.Variations.Length + 1));
        var slot = result.VariationIndex >= 0 ? result.VariationIndex : counts.Slots - 1; // the last slot: the caller's default
        Interlocked.Increment(ref counts.Values[((Thread.GetCurrentProcessorId() & (Stripes - 1)) * counts.Stride) + slot]);
    }

    /// <summary>Every non-zero count since the last drain, as (flag, variation or null for the caller's default, version, count).</summary>
    public List<SummaryLine> Drain()
    {
        var lines = new List<SummaryLine>();
        foreach (var (flag, counts) in _counts)
        {
            var any = false;
            for (var i = 0; i < counts.Slots; i++)
            {
                var count = 0L;
                for (var stripe = 0; stripe < Stripes; stripe++)
                {
                    count += Interlocked.Exchange(ref counts.Values[(stripe * counts.Stride) + i], 0);
                }

                if (count > 0)
                {
                    any = true;
                    lines.Add(new SummaryLine(flag.Key, i < flag.Variations.Length ? flag.Variations[i].Key : null, flag.Version, count));
                }
            }

            counts.IdleDrains = any ? 0 : counts.IdleDrains + 1;
            if (counts.IdleDrains >= 2 && !isCurrent(flag))
            {
                _counts.TryRemove(flag, out _);
            }
        }

        return lines;
    }

    /// <summary>A flag's counters: <see cref="Slots"/> per stripe, each stripe padded to whole 64-byte cache lines.</summary>
    private sealed class Counts(int slots)
    {
        public readonly int Slots = slots;
        public readonly int Stride = (slots + 7) & ~7;
        public readonly long[] Values = new long[((slots + 7) & ~7) * Stripes];
        public int IdleDrains;
    }
}
