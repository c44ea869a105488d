using System.Text.Json;

namespace Vexil.Server.Segments;

/// <summary>A segment as the API shows it, with the environment version at which it last changed.</summary>
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
    public static SegmentResponse From(SegmentState s, IReadOnlyDictionary<string, long>? versions = null) =>
        new(s.Data.Key, s.Data.Description, s.Data.Included, s.Data.Excluded, s.Data.Rules, s.Version, versions, Part(s.Data, "includedContexts"), Part(s.Data, "excludedContexts"),
            Part(s.Data, "salt") is { ValueKind: JsonValueKind.String } salt ? salt.GetString() : null);

    private static JsonElement? Part(SegmentData data, string name) =>
        data.Contexts is { ValueKind: JsonValueKind.Object } contexts && contexts.TryGetProperty(name, out var value) ? value : null;
}
