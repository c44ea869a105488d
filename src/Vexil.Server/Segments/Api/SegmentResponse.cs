using System.Text.Json;

namespace Vexil.Server.Segments.Api;

/// <summary>
/// A segment as the API shows it, with the environment version at which it last changed. <c>includedContexts</c>,
/// <c>excludedContexts</c> (keys of contexts of a kind) and <c>salt</c> are as the native format writes them, or
/// null when the segment has none (segments imported from LaunchDarkly have them).
/// </summary>
internal sealed record SegmentResponse(
    string Key,
    string? Description,
    IReadOnlyList<string> Included,
    IReadOnlyList<string> Excluded,
    JsonElement Rules,
    long Version,
    IReadOnlyDictionary<string, long>? Versions = null,
    JsonElement? IncludedContexts = null,
    JsonElement? ExcludedContexts = null,
    string? Salt = null)
{
    public static SegmentResponse From(SegmentState s, IReadOnlyDictionary<string, long>? versions = null)
    {
        var members = Flags.FlagJson.Members(SegmentJson.Write(s.Segment));
        return new(
            s.Segment.Key,
            s.Segment.Description,
            s.Segment.Included,
            s.Segment.Excluded,
            Member(members, "rules") ?? JsonSerializer.SerializeToElement(Array.Empty<object>()),
            s.Version,
            versions,
            Member(members, "includedContexts"),
            Member(members, "excludedContexts"),
            s.Segment.Salt);
    }

    private static JsonElement? Member(Dictionary<string, string> members, string name)
    {
        if (!members.TryGetValue(name, out var raw))
        {
            return null;
        }

        using var document = JsonDocument.Parse(raw);
        return document.RootElement.Clone();
    }
}
