using System.Text.Json;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;

namespace Vexil.Core.Serialization;

/// <summary>
/// Writes the canonical form of the native format: fixed field order, optional fields omitted when empty.
/// Reading a canonical document and writing it again gives the same bytes.
/// </summary>
internal static class RulesetWriter
{
    public static void Write(Utf8JsonWriter w, RulesetDefinition ruleset)
    {
        w.WriteStartObject();
        w.WriteNumber("formatVersion", RulesetDefinition.FormatVersion);
        w.WriteString("environment", ruleset.Environment);
        w.WriteNumber("version", ruleset.Version);
        w.WriteStartArray("flags");
        foreach (var flag in ruleset.Flags)
        {
            WriteFlag(w, flag);
        }

        w.WriteEndArray();
        w.WriteStartArray("segments");
        foreach (var segment in ruleset.Segments)
        {
            WriteSegment(w, segment);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteFlag(Utf8JsonWriter w, FlagDefinition flag)
    {
        w.WriteStartObject();
        w.WriteString("key", flag.Key);
        w.WriteString("type", TypeName(flag.Type));
        WriteOptional(w, "description", flag.Description);
        WriteStrings(w, "tags", flag.Tags);
        w.WriteString("lifetime", flag.Lifetime == FlagLifetime.Permanent ? "permanent" : "temporary");
        w.WriteStartArray("variations");
        foreach (var variation in flag.Variations)
        {
            w.WriteStartObject();
            w.WriteString("key", variation.Key);
            w.WritePropertyName("value");
            variation.Value.WriteTo(w);
            WriteOptional(w, "name", variation.Name);
            WriteOptional(w, "description", variation.Description);
            RulesetVendorWriter.WriteMetadata(w, variation.Metadata);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("version", flag.Version);
        w.WriteBoolean("enabled", flag.Enabled);
        WriteOptional(w, "offVariation", flag.OffVariation);
        WriteOptional(w, "salt", flag.Salt);
        if (flag.ContextKinds)
        {
            w.WriteBoolean("contextKinds", true);
        }

        if (flag.Prerequisites.Count > 0)
        {
            w.WriteStartArray("prerequisites");
            foreach (var prerequisite in flag.Prerequisites)
            {
                w.WriteStartObject();
                w.WriteString("flag", prerequisite.Flag);
                if (prerequisite.AnyOf is { } anyOf)
                {
                    WriteStrings(w, "variations", anyOf, always: true);
                }
                else
                {
                    w.WriteString("variation", prerequisite.Variation);
                }
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (flag.Targets.Count > 0)
        {
            w.WriteStartArray("targets");
            foreach (var target in flag.Targets)
            {
                w.WriteStartObject();
                w.WriteString("variation", target.Variation);
                WriteOptional(w, "contextKind", target.ContextKind);
                WriteStrings(w, "values", target.Values, always: true);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (flag.Rules.Count > 0)
        {
            w.WriteStartArray("rules");
            foreach (var rule in flag.Rules)
            {
                w.WriteStartObject();
                w.WriteString("id", rule.Id);
                WriteOptional(w, "description", rule.Description);
                WriteClauses(w, rule.Clauses);
                RulesetVendorWriter.WritePercentage(w, rule.Percentage);
                w.WritePropertyName("serve");
                WriteServe(w, rule.Serve);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WritePropertyName("fallthrough");
        WriteServe(w, flag.Fallthrough);
        w.WriteEndObject();
    }

    public static void WriteSegment(Utf8JsonWriter w, SegmentDefinition segment)
    {
        w.WriteStartObject();
        w.WriteString("key", segment.Key);
        WriteOptional(w, "description", segment.Description);
        WriteStrings(w, "included", segment.Included);
        WriteStrings(w, "excluded", segment.Excluded);
        if (segment.Rules.Count > 0)
        {
            w.WriteStartArray("rules");
            foreach (var rule in segment.Rules)
            {
                w.WriteStartObject();
                w.WriteString("id", rule.Id);
                WriteClauses(w, rule.Clauses);
                RulesetVendorWriter.WritePercentage(w, rule.Percentage);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        RulesetVendorWriter.WriteContextTargets(w, "includedContexts", segment.IncludedContexts);
        RulesetVendorWriter.WriteContextTargets(w, "excludedContexts", segment.ExcludedContexts);
        WriteOptional(w, "salt", segment.Salt);
        w.WriteNumber("version", segment.Version);
        w.WriteEndObject();
    }

    public static string TypeName(FlagValueType type) => type switch
    {
        FlagValueType.Boolean => "boolean",
        FlagValueType.String => "string",
        FlagValueType.Number => "number",
        _ => "object",
    };

    private static void WriteClauses(Utf8JsonWriter w, IReadOnlyList<ClauseDefinition> clauses)
    {
        w.WriteStartArray("clauses");
        foreach (var clause in clauses)
        {
            w.WriteStartObject();
            w.WriteString("attribute", clause.Attribute);
            w.WriteString("operator", clause.Operator);
            w.WriteStartArray("values");
            foreach (var value in clause.Values)
            {
                value.WriteTo(w);
            }

            w.WriteEndArray();
            if (clause.Negate)
            {
                w.WriteBoolean("negate", true);
            }

            WriteOptional(w, "contextKind", clause.ContextKind);
            if (clause.CaseInsensitive)
            {
                w.WriteBoolean("caseInsensitive", true);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteServe(Utf8JsonWriter w, ServeDefinition serve)
    {
        w.WriteStartObject();
        if (serve.Rollout is { } rollout)
        {
            w.WriteStartObject("rollout");
            w.WriteString("algorithm", rollout.Algorithm);
            w.WriteString("bucketBy", rollout.BucketBy);
            RulesetVendorWriter.WriteRolloutExtras(w, rollout);
            w.WriteStartArray("weights");
            foreach (var weight in rollout.Weights)
            {
                w.WriteStartObject();
                w.WriteString("variation", weight.Variation);
                w.WriteNumber("weight", weight.Weight);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
        else
        {
            w.WriteString("variation", serve.Variation);
        }

        w.WriteEndObject();
    }

    internal static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    internal static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values, bool always = false)
    {
        if (values.Count == 0 && !always)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}
