using Vexil.Core.Collections;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;

namespace Vexil.Core.Compilation;

/// <summary>Assembles a compiled native ruleset that keeps its definitions, so that changes apply to it.</summary>
internal static class NativeRuleset
{
    /// <summary>The ruleset of a valid definition whose flags compiled into <paramref name="flags"/> (same order).</summary>
    public static CompiledRuleset Create(RulesetDefinition definition, IReadOnlyList<CompiledFlag> flags, IReadOnlyDictionary<string, CompiledSegment> segments)
    {
        var pairs = new List<KeyValuePair<string, CompiledFlagEntry>>(flags.Count);
        for (var i = 0; i < flags.Count; i++)
        {
            pairs.Add(new(definition.Flags[i].Key, new CompiledFlagEntry(flags[i], definition.Flags[i])));
        }

        var table = HashTrie<CompiledFlagEntry>.Create(pairs, out var duplicate)
            ?? throw new InvalidOperationException($"duplicate flag key '{duplicate}' in a ruleset that compiled");
        return new CompiledRuleset(definition.Environment, definition.Version, table, DefinitionIndex.Build(definition, segments));
    }
}
