namespace Vexil.Core.Model;

/// <summary>Every flag and segment of one environment at one version, as written in the native format.</summary>
/// <param name="Environment">The environment's key.</param>
/// <param name="Version">The environment version.</param>
/// <param name="Flags">The flags.</param>
/// <param name="Segments">The segments.</param>
public sealed record RulesetDefinition(
    string Environment,
    long Version,
    IReadOnlyList<FlagDefinition> Flags,
    IReadOnlyList<SegmentDefinition> Segments)
{
    /// <summary>The only format version this library reads and writes.</summary>
    public const int FormatVersion = 1;
}
