namespace Vexil.Core.Model;

/// <summary>
/// What one environment version changes, as the delivery protocol's <c>change</c> event carries it
/// (<c>{"version":43,"flags":{"upsert":[…],"delete":[…]},"segments":{"upsert":[…],"delete":[…]}}</c>,
/// docs/protocol.md). Apply it with <see cref="Compilation.RulesetCompiler.Apply"/>.
/// </summary>
/// <param name="Version">The environment version the change produces.</param>
/// <param name="UpsertFlags">
/// Flags that replace the flag of the same key, or are added when there is none (whole definitions). Errors in
/// them are reported at <c>flags.upsert[i]…</c>.
/// </param>
/// <param name="DeleteFlags">Keys of flags to remove; a key that no flag has is ignored. Errors: <c>flags.delete[i]</c>.</param>
/// <param name="UpsertSegments">Segments that replace the segment of the same key, or are added. Errors: <c>segments.upsert[i]…</c>.</param>
/// <param name="DeleteSegments">Keys of segments to remove; a key that no segment has is ignored. Errors: <c>segments.delete[i]</c>.</param>
/// <remarks>
/// A key may appear once per kind in one change: upserted twice, deleted twice, or both upserted and deleted is
/// an error. Equality of two changes compares the lists by reference, as for every record of the model.
/// </remarks>
public sealed record RulesetChange(
    long Version,
    IReadOnlyList<FlagDefinition> UpsertFlags,
    IReadOnlyList<string> DeleteFlags,
    IReadOnlyList<SegmentDefinition> UpsertSegments,
    IReadOnlyList<string> DeleteSegments)
{
    /// <summary>A change that changes nothing but the version.</summary>
    public static RulesetChange Empty(long version) => new(version, [], [], [], []);

    /// <summary>True when the change upserts and deletes nothing.</summary>
    public bool IsEmpty => UpsertFlags.Count == 0 && DeleteFlags.Count == 0 && UpsertSegments.Count == 0 && DeleteSegments.Count == 0;
}
