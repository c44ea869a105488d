using System.Collections.Concurrent;
using Vexil.Core.Evaluation;
using Vexil.Server.Ofrep;

namespace Vexil.Server.Edge.Events;

/// <summary>
/// The evaluations one edge environment served over OFREP: one counter per variation of each compiled flag (keyed by
/// the flag object, so a new ruleset version counts apart). Recording takes one dictionary hit and one interlocked
/// increment, never allocating after a flag's first evaluation; <see cref="Drain"/> takes and zeroes every counter
/// atomically, so no evaluation is counted twice or lost. A flag's counters are forgotten only once its ruleset was
/// replaced (<paramref name="isCurrent"/> says no) and two drains in a row found them at zero, long after the last
/// request that could still hold them.
/// </summary>
internal sealed class EvaluationTally(Func<CompiledFlag, bool> isCurrent) : IOfrepEvaluationRecorder
{
    private readonly ConcurrentDictionary<CompiledFlag, Counts> _counts = new(ReferenceEqualityComparer.Instance);

    /// <summary>How many flags are counted (superseded ones included until they are forgotten).</summary>
    public int Tracked => _counts.Count;

    public void Record(in EvaluationResult result)
    {
        if (result.Flag is not { } flag || result.VariationIndex < 0)
        {
            return; // not found, or no variation chosen (the caller's default): nothing a summary can name
        }

        var counts = _counts.GetOrAdd(flag, static f => new Counts(f.Variations.Length));
        Interlocked.Increment(ref counts.Values[result.VariationIndex]);
    }

    /// <summary>Every non-zero count since the last drain, as (flag, variation, version, count).</summary>
    public List<(string Flag, string Variation, long Version, long Count)> Drain()
    {
        var lines = new List<(string, string, long, long)>();
        foreach (var (flag, counts) in _counts)
        {
            var any = false;
            for (var i = 0; i < counts.Values.Length; i++)
            {
                var count = Interlocked.Exchange(ref counts.Values[i], 0);
                if (count > 0)
                {
                    any = true;
                    lines.Add((flag.Key, flag.Variations[i].Key, flag.Version, count));
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

    private sealed class Counts(int variations)
    {
        public readonly long[] Values = new long[variations];
        public int IdleDrains;
    }
}
