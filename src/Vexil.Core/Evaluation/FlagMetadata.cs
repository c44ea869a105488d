using System.Collections.Frozen;
using Vexil.Core.Context;

namespace Vexil.Core.Evaluation;

/// <summary>Static metadata attached to a flag (strings, numbers, booleans), reported with every evaluation.</summary>
public sealed class FlagMetadata
{
    private FlagMetadata(FrozenDictionary<string, ContextValue> entries) => Entries = entries;

    /// <summary>No metadata.</summary>
    public static FlagMetadata Empty { get; } = new(FrozenDictionary<string, ContextValue>.Empty);

    /// <summary>The entries.</summary>
    public FrozenDictionary<string, ContextValue> Entries { get; }

    /// <summary>Creates metadata from entries (each a string, number or boolean).</summary>
    public static FlagMetadata Create(IEnumerable<KeyValuePair<string, ContextValue>> entries)
    {
        var frozen = entries.ToFrozenDictionary(StringComparer.Ordinal);
        return frozen.Count == 0 ? Empty : new FlagMetadata(frozen);
    }
}
