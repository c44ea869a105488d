using System.Text.Json;

namespace Vexil.Server.Segments.Api;

/// <summary>A segment as the API shows it, with the environment version at which it last changed.</summary>
internal sealed record SegmentResponse(
    string Key,
    string? Description,
    IReadOnlyList<string> Included,
    IReadOnlyList<string> Excluded,
    JsonElement Rules,
    long Version,
    IReadOnlyDictionary<string, long>? Versions = null)
{
    public static SegmentResponse From(SegmentState s, IReadOnlyDictionary<string, long>? versions = null)
    {
        using var document = JsonDocument.Parse(SegmentJson.RulesColumn(s.Segment));
        return new(s.Segment.Key, s.Segment.Description, s.Segment.Included, s.Segment.Excluded, document.RootElement.Clone(), s.Version, versions);
    }
}
