namespace Vexil.Core.Model;

/// <summary>
/// What one environment version changes: upserted flags and segments replace those with the same key (whole
/// objects), deleted keys are removed, and the result is version <see cref="Version"/>. It mirrors the delivery
/// protocol's <c>change</c> event (docs/protocol.md).
/// </summary>
/// <param name="Version">The version the change produces.</param>
/// <param name="UpsertFlags">Flags added or replaced.</param>
/// <param name="DeleteFlags">Keys of flags removed.</param>
/// <param name="UpsertSegments">Segments added or replaced.</param>
/// <param name="DeleteSegments">Keys of segments removed.</param>
public sealed record RulesetChange(
    long Version,
    IReadOnlyList<FlagDefinition> UpsertFlags,
    IReadOnlyList<string> DeleteFlags,
    IReadOnlyList<SegmentDefinition> UpsertSegments,
    IReadOnlyList<string> DeleteSegments)
{
    /// <summary>A change that only moves the version.</summary>
    public static RulesetChange Empty(long version) => new(version, [], [], [], []);
}
