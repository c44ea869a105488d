using System.Text.Json;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Server.Flags;
using Vexil.Server.Storage;

namespace Vexil.Server.Tests.Storage;

/// <summary>Sample data for the store contract, in the typed model.</summary>
internal static class StoreSamples
{
    public static readonly WriteContext Alice = new("user:alice", "req-1", "because");

    public static JsonElement Json(string text) => JsonSerializer.Deserialize<JsonElement>(text);

    public static FlagSpec Boolean(string key, params string[] tags) =>
        new(key, FlagValueType.Boolean, "Flag " + key, "about " + key, tags, FlagLifetime.Temporary, [new VariationDefinition("on", Json("true")), new VariationDefinition("off", Json("false"))]);

    public static FlagTargeting On(string serve = "on") =>
        new(true, "off", null, [], [], [], ServeDefinition.Of(serve));

    public static FlagTargeting WithSegmentRule(string segment) =>
        On() with { Rules = [new RuleDefinition("r1", [new ClauseDefinition("targetingKey", "segmentMatch", [Json($"\"{segment}\"")])], ServeDefinition.Of("on"))] };

    public static SegmentDefinition Segment(string key, params string[] included) => new() { Key = key, Description = "segment " + key, Included = included };

    /// <summary>A native flag (spec and targeting together), as imports bring them.</summary>
    public static FlagDefinition Native(string key, FlagTargeting targeting) => Boolean(key).With(targeting, 0);
}
