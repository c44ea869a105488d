using System.Collections.Concurrent;
using Vexil.Core.Evaluation;
using Vexil.Server.Ofrep;

namespace Vexil.Server.Edge.Events;

/// <summary>
/// The evaluations one edge environment served over OFREP: one counter per variation of each compiled flag (keyed by
/// the flag object, so a new ruleset version counts apart). Recording takes one dictionary hit and one interlocked
/// increment, never allocating after a flag's first evaluation in a window; <see cref="Drain"/> takes and zeroes
/// every counter atomically, so no evaluation is counted twice.
/// </summary>
internal sealed class EvaluationTally : IOfrepEvaluationRecorder
{
    private readonly ConcurrentDictionary<CompiledFlag, long[]> _counts = new(ReferenceEqualityComparer.Instance);

    public void Record(in EvaluationResult result)
    {
        if (result.Flag is not { } flag || result.VariationIndex < 0)
        {
            return; // not found, or no variation chosen (the caller's default): nothing a summary can name
        }

        var counts = _counts.GetOrAdd(flag, static f => new long[f.Variations.Length]);
        Interlocked.Increment(ref counts[result.VariationIndex]);
    }

    /// <summary>Every non-zero count since the last drain, as (flag, variation, version, count).</summary>
    public List<(string Flag, string Variation, long Version, long Count)> Drain()
    {
        var lines = new List<(string, string, long, long)>();
        foreach (var (flag, counts) in _counts)
        {
            var any = false;
            for (var i = 0; i < counts.Length; i++)
            {
                var count = Interlocked.Exchange(ref counts[i], 0);
                if (count > 0)
                {
                    any = true;
                    lines.Add((flag.Key, flag.Variations[i].Key, flag.Version, count));
                }
            }

            if (!any && _counts.TryRemove(flag, out _))
            {
                // A flag idle for a whole window (often: replaced by a newer version) is forgotten; an increment
                // that raced with the removal is still taken here.
                for (var i = 0; i < counts.Length; i++)
                {
                    if (Interlocked.Exchange(ref counts[i], 0) is var late and > 0)
                    {
                        lines.Add((flag.Key, flag.Variations[i].Key, flag.Version, late));
                    }
                }
            }
        }

        return lines;
    }
}
