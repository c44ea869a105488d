using System.Text.Json;

namespace Vexil.Server.Segments;

/// <summary>A segment of one environment.</summary>
internal sealed record SegmentData(string Key, string? Description, IReadOnlyList<string> Included, IReadOnlyList<string> Excluded, JsonElement Rules);
