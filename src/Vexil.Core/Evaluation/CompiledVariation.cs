namespace Vexil.Core.Evaluation;

/// <summary>A compiled variation: its key and its value.</summary>
/// <param name="Key">The variation's key, unique in its flag.</param>
/// <param name="Value">The variation's value.</param>
public sealed record CompiledVariation(string Key, FlagValue Value)
{
    /// <summary>Metadata reported when this variation is served (with the flag's), or null (docs/flag-format.md).</summary>
    public FlagMetadata? Metadata { get; init; }
}
