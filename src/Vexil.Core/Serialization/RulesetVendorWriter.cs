using System.Text.Json;
using Vexil.Core.Model;

namespace Vexil.Core.Serialization;

/// <summary>Writes the fields that imports from LaunchDarkly and Unleash brought, each only when set (old documents keep their bytes).</summary>
internal static class RulesetVendorWriter
{
    public static void WriteMetadata(Utf8JsonWriter w, IReadOnlyDictionary<string, JsonElement>? metadata)
    {
        if (metadata is null)
        {
            return;
        }

        w.WriteStartObject("metadata");
        foreach (var (name, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WritePropertyName(name);
            value.WriteTo(w);
        }

        w.WriteEndObject();
    }

    public static void WritePercentage(Utf8JsonWriter w, PercentageDefinition? percentage)
    {
        if (percentage is null)
        {
            return;
        }

        w.WriteStartObject("percentage");
        w.WriteNumber("weight", percentage.Weight);
        w.WriteString("algorithm", percentage.Algorithm);
        w.WriteString("bucketBy", percentage.BucketBy);
        RulesetWriter.WriteOptional(w, "contextKind", percentage.ContextKind);
        RulesetWriter.WriteOptional(w, "salt", percentage.Salt);
        RulesetWriter.WriteOptional(w, "stickiness", percentage.Stickiness);
        w.WriteEndObject();
    }

    public static void WriteContextTargets(Utf8JsonWriter w, string name, IReadOnlyList<TargetDefinition> targets)
    {
        if (targets.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var target in targets)
        {
            w.WriteStartObject();
            w.WriteString("contextKind", target.ContextKind);
            RulesetWriter.WriteStrings(w, "values", target.Values, always: true);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    public static void WriteRolloutExtras(Utf8JsonWriter w, RolloutDefinition rollout)
    {
        RulesetWriter.WriteOptional(w, "contextKind", rollout.ContextKind);
        RulesetWriter.WriteOptional(w, "salt", rollout.Salt);
        RulesetWriter.WriteOptional(w, "stickiness", rollout.Stickiness);
        if (rollout.BucketCount is { } count)
        {
            w.WriteNumber("bucketCount", count);
        }
    }
}
