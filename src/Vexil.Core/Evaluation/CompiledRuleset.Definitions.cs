using Vexil.Core.Collections;
using Vexil.Core.Compilation;
using Vexil.Core.Model;

namespace Vexil.Core.Evaluation;

/// <summary>What a native ruleset keeps of its definitions, so that changes apply to it and it can be written out.</summary>
public sealed partial class CompiledRuleset
{
    internal CompiledRuleset(string environment, long version, HashTrie<CompiledFlagEntry> flags, DefinitionIndex? index, FlagMetadata? metadata = null)
    {
        Environment = environment;
        Version = version;
        _flags = flags;
        Index = index;
        Metadata = metadata ?? FlagMetadata.Empty;
        Flags = new CompiledFlagTable(flags);
    }

    /// <summary>
    /// True when the ruleset was compiled from definitions (<see cref="RulesetCompiler.Compile"/>,
    /// <see cref="RulesetCompiler.Load"/>, <see cref="RulesetCompiler.Apply"/>) and keeps them: changes apply to
    /// it, <see cref="ToDefinition"/> and the <c>Get…Definition</c> methods answer. False for a ruleset built from
    /// compiled flags of another format (such as Vexil.Flagd's).
    /// </summary>
    public bool CanApplyChanges => Index is not null;

    /// <summary>The segments, the reverse references and whatever else a change needs; null when not native.</summary>
    internal DefinitionIndex? Index { get; }

    /// <summary>The flag table itself, which the next version is derived from.</summary>
    internal HashTrie<CompiledFlagEntry> FlagEntries => _flags;

    /// <summary>The definition the flag was compiled from, or null when no flag has the key or the ruleset keeps no definitions.</summary>
    public FlagDefinition? GetDefinition(string key) => key is null ? null : _flags.Find(key)?.Value.Definition;

    /// <summary>The definition of a segment, or null when no segment has the key or the ruleset keeps no definitions.</summary>
    public SegmentDefinition? GetSegmentDefinition(string key) => key is null ? null : Index?.Segments.Find(key)?.Value.Definition;

    /// <summary>
    /// The whole ruleset as a definition, flags and segments ordered by key (ordinal), as the server writes its
    /// documents: write it with <see cref="Serialization.RulesetJson.Write(RulesetDefinition, bool)"/>. O(n log n)
    /// in the number of flags and segments; the definitions themselves are shared, not copied.
    /// </summary>
    /// <exception cref="InvalidOperationException">The ruleset keeps no definitions (<see cref="CanApplyChanges"/> is false).</exception>
    public RulesetDefinition ToDefinition()
    {
        var index = Index ?? throw NoDefinitions();
        var flags = new FlagDefinition[_flags.Count];
        var i = 0;
        foreach (var leaf in _flags)
        {
            flags[i++] = leaf.Value.Definition!;
        }

        var segments = new SegmentDefinition[index.Segments.Count];
        i = 0;
        foreach (var leaf in index.Segments)
        {
            segments[i++] = leaf.Value.Definition;
        }

        Array.Sort(flags, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        Array.Sort(segments, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new RulesetDefinition(Environment, Version, flags, segments);
    }

    internal static InvalidOperationException NoDefinitions() => new(
        "This ruleset was built from compiled flags (for example by Vexil.Flagd), not compiled from Vexil definitions, so it keeps no definitions and changes cannot be applied to it: compile the whole new ruleset instead.");

    private static HashTrie<CompiledFlagEntry> Table(IEnumerable<CompiledFlag> flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var pairs = new List<KeyValuePair<string, CompiledFlagEntry>>();
        foreach (var flag in flags)
        {
            ArgumentNullException.ThrowIfNull(flag, nameof(flags));
            pairs.Add(new(flag.Key, new CompiledFlagEntry(flag, null)));
        }

        return HashTrie<CompiledFlagEntry>.Create(pairs, out var duplicate)
            ?? throw new ArgumentException($"Two flags have the key '{duplicate}'.", nameof(flags));
    }
}
