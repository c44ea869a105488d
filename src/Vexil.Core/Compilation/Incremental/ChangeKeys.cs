using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Core.Compilation.Incremental;

/// <summary>
/// The keys one change touches, each mapped to where it first stands in the change; and the checks that need
/// nothing but the change: a key upserted twice, deleted twice, or both upserted and deleted.
/// </summary>
internal sealed class ChangeKeys
{
    private ChangeKeys(RulesetChange change)
    {
        UpsertedFlags = new Dictionary<string, int>(change.UpsertFlags.Count, StringComparer.Ordinal);
        DeletedFlags = new Dictionary<string, int>(change.DeleteFlags.Count, StringComparer.Ordinal);
        UpsertedSegments = new Dictionary<string, int>(change.UpsertSegments.Count, StringComparer.Ordinal);
        DeletedSegments = new Dictionary<string, int>(change.DeleteSegments.Count, StringComparer.Ordinal);
    }

    /// <summary>Upserted flag keys and their first index in <see cref="RulesetChange.UpsertFlags"/>.</summary>
    public Dictionary<string, int> UpsertedFlags { get; }

    /// <summary>Deleted flag keys and their first index in <see cref="RulesetChange.DeleteFlags"/>.</summary>
    public Dictionary<string, int> DeletedFlags { get; }

    /// <summary>Upserted segment keys and their first index.</summary>
    public Dictionary<string, int> UpsertedSegments { get; }

    /// <summary>Deleted segment keys and their first index.</summary>
    public Dictionary<string, int> DeletedSegments { get; }

    /// <summary>True when the change upserts or deletes the flag: its own definition decides, not the current one.</summary>
    public bool Touches(string flagKey) => UpsertedFlags.ContainsKey(flagKey) || DeletedFlags.ContainsKey(flagKey);

    /// <summary>True when index <paramref name="i"/> is the first upsert of its flag (later ones are errors).</summary>
    public bool IsFirstFlagUpsert(string key, int i) => UpsertedFlags[key] == i;

    public static ChangeKeys Create(RulesetChange change, List<ValidationError> errors)
    {
        var keys = new ChangeKeys(change);
        for (var i = 0; i < change.UpsertFlags.Count; i++)
        {
            var flag = change.UpsertFlags[i] ?? throw new ArgumentException($"flags.upsert[{i}] is null", nameof(change));
            Add(keys.UpsertedFlags, flag.Key, i, "flag", Paths.UpsertFlag, keyProperty: true, errors);
        }

        for (var i = 0; i < change.DeleteFlags.Count; i++)
        {
            var key = change.DeleteFlags[i] ?? throw new ArgumentException($"flags.delete[{i}] is null", nameof(change));
            if (Add(keys.DeletedFlags, key, i, "flag", Paths.DeleteFlag, keyProperty: false, errors)
                && keys.UpsertedFlags.TryGetValue(key, out var upsert))
            {
                errors.Add(new ValidationError(Paths.DeleteFlag(i), $"flag '{key}' is both upserted ({Paths.UpsertFlag(upsert)}) and deleted"));
            }
        }

        for (var i = 0; i < change.UpsertSegments.Count; i++)
        {
            var segment = change.UpsertSegments[i] ?? throw new ArgumentException($"segments.upsert[{i}] is null", nameof(change));
            Add(keys.UpsertedSegments, segment.Key, i, "segment", Paths.UpsertSegment, keyProperty: true, errors);
        }

        for (var i = 0; i < change.DeleteSegments.Count; i++)
        {
            var key = change.DeleteSegments[i] ?? throw new ArgumentException($"segments.delete[{i}] is null", nameof(change));
            if (Add(keys.DeletedSegments, key, i, "segment", Paths.DeleteSegment, keyProperty: false, errors)
                && keys.UpsertedSegments.TryGetValue(key, out var upsert))
            {
                errors.Add(new ValidationError(Paths.DeleteSegment(i), $"segment '{key}' is both upserted ({Paths.UpsertSegment(upsert)}) and deleted"));
            }
        }

        return keys;
    }

    private static bool Add(Dictionary<string, int> keys, string key, int index, string kind, Func<int, string> pathOf, bool keyProperty, List<ValidationError> errors)
    {
        if (keys.TryAdd(key, index))
        {
            return true;
        }

        var at = keyProperty ? JsonPath.Property(pathOf(index), "key") : pathOf(index);
        errors.Add(new ValidationError(at, $"duplicate {kind} key '{key}' (first at {pathOf(keys[key])})"));
        return false;
    }
}
