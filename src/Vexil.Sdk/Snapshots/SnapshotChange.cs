using Vexil.Core.Evaluation;

namespace Vexil.Sdk.Snapshots;

/// <summary>
/// Builds the snapshot after a change from the one before, touching only the flags the change named and those compiled
/// again because of it: work and allocation grow with the change, not with the ruleset. The counting window is shared;
/// a flag the change replaced or deleted is retired (its counts, under its old version, are summarised by the caller)
/// and a replaced flag counts from new offsets.
/// </summary>
internal static class SnapshotChange
{
    /// <summary>
    /// The next snapshot, or null when the window has no room left for the new counters (the caller then builds a
    /// whole new snapshot with <see cref="RulesetSnapshot.Create"/>). <paramref name="retired"/> receives the slots
    /// that no longer count.
    /// </summary>
    public static RulesetSnapshot? TryApply(
        RulesetSnapshot previous,
        CompiledRuleset next,
        IReadOnlyList<string> changed,
        IReadOnlyList<string> dependents,
        List<FlagSlot> retired)
    {
        var counters = previous.Counters;
        var slots = previous.Slots;
        var used = previous.UsedCounters;
        var start = retired.Count;
        foreach (var key in changed)
        {
            var had = slots.TryGetValue(key, out var old);
            if (had)
            {
                retired.Add(old!);
            }

            if (next.TryGetFlag(key, out var flag))
            {
                var needed = flag.Variations.Length + 1;
                if (used + needed > counters.Slots)
                {
                    retired.RemoveRange(start, retired.Count - start);
                    return null;
                }

                slots = slots.SetItem(key, new FlagSlot(flag, used));
                used += needed;
            }
            else if (had)
            {
                slots = slots.Remove(key);
            }
        }

        foreach (var key in dependents)
        {
            // The definition did not change (nor its variations): the new instance counts where the old one did.
            if (slots.TryGetValue(key, out var old) && next.TryGetFlag(key, out var flag) && flag.Variations.Length == old.Flag.Variations.Length)
            {
                slots = slots.SetItem(key, new FlagSlot(flag, old.Offset));
            }
        }

        return new RulesetSnapshot(next, slots, used, counters, true, fromServer: true);
    }
}
