using Vexil.Core.Context;

namespace Vexil.Core.Evaluation;

/// <summary>
/// A flag compiled for evaluation. Native Vexil flags and flags written in other formats (flagd's JsonLogic)
/// compile into subclasses of this one type, so everything that evaluates flags sees one interface.
/// Implementations are immutable, thread-safe, allocation-free and never throw from <see cref="Evaluate"/>.
/// </summary>
public abstract class CompiledFlag
{
    /// <summary>Creates the common part of a compiled flag.</summary>
    protected CompiledFlag(string key, FlagValueType type, CompiledVariation[] variations, long version, FlagMetadata? metadata)
    {
        Key = key;
        Type = type;
        Variations = variations;
        Version = version;
        Metadata = metadata ?? FlagMetadata.Empty;
    }

    /// <summary>The flag's key.</summary>
    public string Key { get; }

    /// <summary>The type of every variation's value.</summary>
    public FlagValueType Type { get; }

    /// <summary>The variations, in their defined order.</summary>
    public CompiledVariation[] Variations { get; }

    /// <summary>The flag's version: the environment version at which it last changed.</summary>
    public long Version { get; }

    /// <summary>Static metadata reported with evaluations.</summary>
    public FlagMetadata Metadata { get; }

    /// <summary>Evaluates the flag for a context. Never throws, never allocates, never blocks.</summary>
    public abstract EvaluationResult Evaluate(EvaluationContext context);

    /// <summary>The index of the variation with the given key, or -1.</summary>
    public int IndexOfVariation(string key)
    {
        var variations = Variations;
        for (var i = 0; i < variations.Length; i++)
        {
            if (string.Equals(variations[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
