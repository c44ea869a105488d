using System.Text.Json;

namespace Vexil.Server.Segments;

/// <summary>A segment of one environment.</summary>
/// <param name="Key">The segment's key.</param>
/// <param name="Description">Free text, or null.</param>
/// <param name="Included">Targeting keys always in.</param>
/// <param name="Excluded">Targeting keys never in (unless included).</param>
/// <param name="Rules">The rules, as the native format writes them.</param>
/// <param name="Contexts">
/// Null, or a JSON object with the segment's <c>includedContexts</c>, <c>excludedContexts</c> and <c>salt</c> as the
/// native format writes them (segments imported from LaunchDarkly).
/// </param>
internal sealed record SegmentData(string Key, string? Description, IReadOnlyList<string> Included, IReadOnlyList<string> Excluded, JsonElement Rules, JsonElement? Contexts = null);
