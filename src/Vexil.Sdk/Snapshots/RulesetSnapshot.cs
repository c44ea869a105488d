using Vexil.Core.Collections;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;

namespace Vexil.Sdk.Snapshots;

/// <summary>
/// One immutable version of the rules as the client serves it: the compiled ruleset and, per flag, a slot with its
/// counters' position, in a persistent map (Core's <see cref="HashTrie{TValue}"/>) so a change replaces only the slots
/// of the flags it touched (<see cref="SnapshotChange"/>). Replaced whole, never modified; only its counting window is
/// swapped (under the store's lock).
/// </summary>
internal sealed class RulesetSnapshot
{
    private const string NotFoundMessage = "No flag has this key.";
    private const string TypeMismatchMessage = "The flag's type is not the requested type.";
    private const string GeneralMessage = "The evaluation failed unexpectedly.";

    private EvaluationCounters _counters;

    internal RulesetSnapshot(CompiledRuleset ruleset, HashTrie<FlagSlot> slots, int usedCounters, EvaluationCounters counters, bool hasRules, bool fromServer)
    {
        Ruleset = ruleset;
        Slots = slots;
        UsedCounters = usedCounters;
        _counters = counters;
        HasRules = hasRules;
        FromServer = fromServer;
    }

    /// <summary>No rules at all.</summary>
    public static RulesetSnapshot Empty { get; } = new(CompiledRuleset.Empty, HashTrie<FlagSlot>.Empty, 0, new EvaluationCounters(0, DateTimeOffset.MinValue), false, false);

    /// <summary>True when rules are loaded (from any source).</summary>
    public bool HasRules { get; }

    public CompiledRuleset Ruleset { get; }

    /// <summary>True when these rules came from the server (as opposed to the cache file, an offline file or test data).</summary>
    public bool FromServer { get; }

    public long Version => Ruleset.Version;

    /// <summary>Every flag's slot, by key.</summary>
    public HashTrie<FlagSlot> Slots { get; }

    /// <summary>The number of flags served.</summary>
    public int FlagCount => Slots.Count;

    /// <summary>The slot of a flag, if it is served.</summary>
    public bool TryGetSlot(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out FlagSlot slot) => Slots.TryGetValue(key, out slot);

    /// <summary>
    /// The counters in use (the highest slot offset plus its variations): a change gives the flags it replaced new
    /// counters after these, so counts of a flag's old version are never mixed with its new one.
    /// </summary>
    public int UsedCounters { get; }

    public EvaluationCounters Counters => Volatile.Read(ref _counters);

    /// <summary>Serves <paramref name="ruleset"/> with a fresh layout of counters (room left for later changes) and a new window.</summary>
    public static RulesetSnapshot Create(CompiledRuleset ruleset, bool fromServer, DateTimeOffset now)
    {
        var pairs = new List<KeyValuePair<string, FlagSlot>>(ruleset.Flags.Count);
        var offset = 0;
        foreach (var flag in ruleset.Flags.Values)
        {
            pairs.Add(new(flag.Key, new FlagSlot(flag, offset)));
            offset += flag.Variations.Length + 1;
        }

        var slots = HashTrie<FlagSlot>.Create(pairs, out _) ?? HashTrie<FlagSlot>.Empty;
        var capacity = offset + Math.Max(64, offset / 4);
        return new RulesetSnapshot(ruleset, slots, offset, new EvaluationCounters(capacity, now), true, fromServer);
    }

    /// <summary>Closes the current counting window and opens a new one of the same layout.</summary>
    public EvaluationCounters SwapCounters(DateTimeOffset now) =>
        Interlocked.Exchange(ref _counters, new EvaluationCounters(Volatile.Read(ref _counters).Slots, now));

    /// <summary>Evaluates and counts. Never throws, never allocates.</summary>
    public EvaluationResult Evaluate(string key, EvaluationContext? context, FlagValueType type)
    {
        if (key is null || !Slots.TryGetValue(key, out var slot))
        {
            return EvaluationResult.Failure(null, ErrorCode.FlagNotFound, NotFoundMessage);
        }

        var flag = slot.Flag;
        EvaluationResult result;
        if (flag.Type != type)
        {
            result = EvaluationResult.Failure(flag, ErrorCode.TypeMismatch, TypeMismatchMessage);
        }
        else
        {
            try
            {
                result = flag.Evaluate(context ?? EvaluationContext.Empty);
            }
            catch (Exception)
            {
                result = EvaluationResult.Failure(flag, ErrorCode.General, GeneralMessage);
            }
        }

        Volatile.Read(ref _counters).Increment(slot.Offset + result.VariationIndex + 1);
        return result;
    }
}
