using System.Text.Json;
using Vexil.Server.Flags;
using Vexil.Server.Segments;
using Vexil.Server.Storage;

namespace Vexil.Server.Tests.Storage;

/// <summary>Sample data for the store contract.</summary>
internal static class StoreSamples
{
    public static readonly WriteContext Alice = new("user:alice", "req-1", "because");

    public static JsonElement Json(string text) => JsonSerializer.Deserialize<JsonElement>(text);

    public static FlagDefinitionData Boolean(string key, params string[] tags) =>
        new(key, "boolean", "Flag " + key, "about " + key, tags, "temporary", Json("""[{"key":"on","value":true},{"key":"off","value":false}]"""));

    public static FlagConfigData On(string serve = "on") =>
        new(true, "off", null, Json("[]"), Json("[]"), Json("[]"), Json($$"""{"variation":"{{serve}}"}"""));

    public static FlagConfigData WithSegmentRule(string segment) =>
        On() with { Rules = Json($$$"""[{"id":"r1","clauses":[{"attribute":"targetingKey","operator":"segmentMatch","values":["{{{segment}}}"]}],"serve":{"variation":"on"}}]""") };

    public static SegmentData Segment(string key, params string[] included) => new(key, "segment " + key, included, [], Json("[]"));
}
