using System.Text.Json;
using Vexil.Core.Model;
using Vexil.Core.Serialization;
using Vexil.Server.Segments;

namespace Vexil.Server.Flags.Import;

/// <summary>Turns a native segment into the store's segment (rules as JSON; context targets and salt kept together).</summary>
internal static class NativeSegmentSplitter
{
    public static SegmentData Split(SegmentDefinition segment)
    {
        var json = RulesetJson.Write(new RulesetDefinition(string.Empty, 0, [], [segment]));
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement.GetProperty("segments")[0];
        var rules = root.TryGetProperty("rules", out var r) ? r.Clone() : JsonSerializer.Deserialize<JsonElement>("[]");
        JsonElement? Part(string name) => root.TryGetProperty(name, out var value) ? value.Clone() : null;
        var contexts = SegmentContexts.Of(Part("includedContexts"), Part("excludedContexts"), segment.Salt);
        return new SegmentData(segment.Key, segment.Description, segment.Included, segment.Excluded, rules, contexts);
    }
}
