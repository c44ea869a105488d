using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Core.Compilation.Incremental;

/// <summary>Everything the steps of applying one change share: the ruleset it applies to, the change, what is compiled so far, the errors.</summary>
internal sealed class ChangeContext(CompiledRuleset current, DefinitionIndex index, RulesetChange change, ChangeKeys keys, List<ValidationError> errors)
{
    public CompiledRuleset Current { get; } = current;

    public DefinitionIndex Index { get; } = index;

    public RulesetChange Change { get; } = change;

    public ChangeKeys Keys { get; } = keys;

    public List<ValidationError> Errors { get; } = errors;

    /// <summary>The upserted flags, in the change's order.</summary>
    public UpsertedFlag[] Upserts { get; set; } = [];

    /// <summary>The upserted segments, compiled, in the change's order.</summary>
    public CompiledSegment[] Segments { get; set; } = [];

    /// <summary>The upserted flag with the key (its first upsert), or null.</summary>
    public UpsertedFlag? Upserted(string key) => Keys.UpsertedFlags.TryGetValue(key, out var i) ? Upserts[i] : null;

    /// <summary>The variations a flag will have after the change, or null when it will not exist.</summary>
    public CompiledVariation[]? VariationsAfter(string key)
    {
        if (Upserted(key) is { } upserted)
        {
            return upserted.Compiler.Variations;
        }

        return !Keys.DeletedFlags.ContainsKey(key) && Current.TryGetFlag(key, out var flag) ? flag.Variations : null;
    }

    /// <summary>The current definition of a flag the change does not touch (it exists: the current ruleset is valid).</summary>
    public FlagDefinition Unchanged(string key) => Current.GetDefinition(key) ?? throw new InvalidOperationException($"flag '{key}' is indexed but has no definition");

    /// <summary>The keys of a set, sorted (ordinal) so that errors come out in a stable order.</summary>
    public static List<string> Sorted(Collections.KeySet set)
    {
        var keys = new List<string>(set.Count);
        set.CopyTo(keys);
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}
