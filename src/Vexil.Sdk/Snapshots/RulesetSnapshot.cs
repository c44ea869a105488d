using System.Collections.Frozen;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;

namespace Vexil.Sdk.Snapshots;

/// <summary>
/// One immutable version of the rules as the client serves it: the compiled flags, each with its counters, and the
/// document they came from (to apply change events and to write the cache). Replaced whole, never modified.
/// </summary>
internal sealed class RulesetSnapshot
{
    private const string NotFoundMessage = "No flag has this key.";
    private const string TypeMismatchMessage = "The flag's type is not the requested type.";
    private const string GeneralMessage = "The evaluation failed unexpectedly.";

    private readonly FrozenDictionary<string, FlagSlot> _slots;
    private readonly int _slotCount;
    private EvaluationCounters _counters;

    public RulesetSnapshot(byte[]? json, CompiledRuleset ruleset, SegmentStamp[] segments, bool fromServer, DateTimeOffset now)
    {
        Json = json;
        Segments = segments;
        Ruleset = ruleset;
        FromServer = fromServer;
        var slots = new Dictionary<string, FlagSlot>(ruleset.Flags.Count, StringComparer.Ordinal);
        var offset = 0;
        foreach (var flag in ruleset.Flags.Values)
        {
            slots.Add(flag.Key, new FlagSlot(flag, offset));
            offset += flag.Variations.Length + 1;
        }

        _slots = slots.ToFrozenDictionary(StringComparer.Ordinal);
        _slotCount = offset;
        _counters = new EvaluationCounters(offset, now);
    }

    /// <summary>No rules at all.</summary>
    public static RulesetSnapshot Empty { get; } = new(null, CompiledRuleset.Empty, [], false, DateTimeOffset.MinValue);

    /// <summary>The ruleset document, or null when there are no rules yet.</summary>
    public byte[]? Json { get; }

    /// <summary>True when rules are loaded (from any source).</summary>
    public bool HasRules => Json is not null;

    public SegmentStamp[] Segments { get; }

    public CompiledRuleset Ruleset { get; }

    /// <summary>True when these rules came from the server (as opposed to the file cache).</summary>
    public bool FromServer { get; }

    public long Version => Ruleset.Version;

    public FrozenDictionary<string, FlagSlot> Slots => _slots;

    public EvaluationCounters Counters => Volatile.Read(ref _counters);

    /// <summary>Closes the current counting window and opens a new one.</summary>
    public EvaluationCounters SwapCounters(DateTimeOffset now) => Interlocked.Exchange(ref _counters, new EvaluationCounters(_slotCount, now));

    /// <summary>Evaluates and counts. Never throws, never allocates.</summary>
    public EvaluationResult Evaluate(string key, EvaluationContext? context, FlagValueType type)
    {
        if (key is null || !_slots.TryGetValue(key, out var slot))
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
