using System.Text.Json;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;

namespace Vexil.Core.Serialization;

/// <summary>
/// Turns a native-format JSON document into a <see cref="RulesetDefinition"/>, checking structure and types and
/// collecting every error with its path. Meaning (references, weights, operator values, cycles) is checked by
/// <see cref="Compilation.RulesetCompiler"/>.
/// </summary>
internal sealed partial class RulesetReader
{
    private readonly List<ValidationError> _errors = [];

    /// <summary>Reads a ruleset; <paramref name="root"/> must outlive the result (values reference it).</summary>
    public static RulesetReadResult Read(JsonElement root)
    {
        var reader = new RulesetReader();
        var ruleset = reader.ReadRuleset(root);
        return reader._errors.Count == 0 ? new RulesetReadResult(ruleset, []) : new RulesetReadResult(null, reader._errors);
    }

    public static (FlagDefinition? Flag, IReadOnlyList<ValidationError> Errors) ReadSingleFlag(JsonElement element)
    {
        var reader = new RulesetReader();
        var flag = reader.ReadFlag(element.Clone(), string.Empty);
        return reader._errors.Count == 0 ? (flag, []) : (null, reader._errors);
    }

    private RulesetDefinition? ReadRuleset(JsonElement root)
    {
        var o = JsonObjectReader.Open(root, string.Empty, _errors);
        if (o is null)
        {
            return null;
        }

        var format = o.Integer("formatVersion", required: true, 0, int.MaxValue, RulesetDefinition.FormatVersion);
        if (o.Has("formatVersion") && format != RulesetDefinition.FormatVersion)
        {
            o.Error("formatVersion", $"this reader understands format version {RulesetDefinition.FormatVersion}, not {format}");
        }

        var environment = o.String("environment", required: false, RulesetLimits.MaxKeyLength) ?? string.Empty;
        var version = o.Integer("version", required: true, 0, long.MaxValue);
        var flagElements = o.Array("flags", required: false, RulesetLimits.MaxFlags, "flags");
        var flags = new List<FlagDefinition>(flagElements.Length);
        for (var i = 0; i < flagElements.Length; i++)
        {
            var flag = ReadFlag(flagElements[i], JsonPath.Index("flags", i));
            if (flag is not null)
            {
                flags.Add(flag);
            }
        }

        var segmentElements = o.Array("segments", required: false, RulesetLimits.MaxSegments, "segments");
        var segments = new List<SegmentDefinition>(segmentElements.Length);
        for (var i = 0; i < segmentElements.Length; i++)
        {
            var segment = ReadSegment(segmentElements[i], JsonPath.Index("segments", i));
            if (segment is not null)
            {
                segments.Add(segment);
            }
        }

        o.Finish();
        return new RulesetDefinition(environment, version, flags, segments);
    }

    /// <summary>Reads one flag object (also used on its own, with a path prefix of the caller's choosing).</summary>
    public FlagDefinition? ReadFlag(JsonElement element, string path)
    {
        var o = JsonObjectReader.Open(element, path, _errors);
        if (o is null)
        {
            return null;
        }

        var errorsBefore = _errors.Count;
        var key = o.Key("key", required: true);
        var type = ReadType(o);
        var description = o.String("description", required: false);
        var tags = o.Strings("tags", 100, "tags", keys: true);
        var lifetime = ReadLifetime(o);
        var variations = ReadVariations(o);
        var version = o.Integer("version", required: false, 0, long.MaxValue);
        var enabled = o.Boolean("enabled", defaultValue: false);
        var offVariation = o.String("offVariation", required: false, RulesetLimits.MaxKeyLength);
        var salt = o.String("salt", required: false, RulesetLimits.MaxKeyLength * 2);
        var contextKinds = o.Boolean("contextKinds", defaultValue: false);
        var prerequisites = ReadPrerequisites(o);
        var targets = ReadTargets(o);
        var rules = ReadRules(o);
        ServeDefinition? fallthrough = null;
        if (o.TryGet("fallthrough", out var fallthroughElement))
        {
            fallthrough = ReadServe(fallthroughElement, o.At("fallthrough"));
        }
        else
        {
            o.Error("fallthrough", "is required");
        }

        o.Finish();
        if (_errors.Count != errorsBefore || key is null || type is null || fallthrough is null)
        {
            return null;
        }

        return new FlagDefinition
        {
            Key = key,
            Type = type.Value,
            Description = description,
            Tags = tags,
            Lifetime = lifetime,
            Variations = variations,
            Version = version,
            Enabled = enabled,
            OffVariation = offVariation,
            Salt = salt,
            ContextKinds = contextKinds,
            Prerequisites = prerequisites,
            Targets = targets,
            Rules = rules,
            Fallthrough = fallthrough,
        };
    }

    private static FlagValueType? ReadType(JsonObjectReader o)
    {
        var text = o.String("type", required: true, 32);
        switch (text)
        {
            case null: return null;
            case "boolean": return FlagValueType.Boolean;
            case "string": return FlagValueType.String;
            case "number": return FlagValueType.Number;
            case "object": return FlagValueType.Object;
            default:
                o.Error("type", $"unknown type '{text}': use boolean, string, number or object");
                return null;
        }
    }

    private static FlagLifetime ReadLifetime(JsonObjectReader o)
    {
        var text = o.String("lifetime", required: false, 32);
        switch (text)
        {
            case null or "temporary": return FlagLifetime.Temporary;
            case "permanent": return FlagLifetime.Permanent;
            default:
                o.Error("lifetime", $"unknown lifetime '{text}': use temporary or permanent");
                return FlagLifetime.Temporary;
        }
    }

    private List<VariationDefinition> ReadVariations(JsonObjectReader o)
    {
        var items = o.Array("variations", required: true, RulesetLimits.MaxVariations, "variations");
        var result = new List<VariationDefinition>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var v = JsonObjectReader.Open(items[i], JsonPath.Index(o.At("variations"), i), _errors);
            if (v is null)
            {
                continue;
            }

            var key = v.Key("key", required: true);
            var name = v.String("name", required: false);
            var description = v.String("description", required: false);
            var metadata = ReadMetadata(v);
            var hasValue = v.TryGet("value", out var value);
            if (!hasValue)
            {
                v.Error("value", "is required");
            }

            v.Finish();
            if (key is not null && hasValue)
            {
                result.Add(new VariationDefinition(key, value, name, description, metadata));
            }
        }

        return result;
    }

    private List<PrerequisiteDefinition> ReadPrerequisites(JsonObjectReader o)
    {
        var items = o.Array("prerequisites", required: false, RulesetLimits.MaxPrerequisites, "prerequisites");
        var result = new List<PrerequisiteDefinition>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var p = JsonObjectReader.Open(items[i], JsonPath.Index(o.At("prerequisites"), i), _errors);
            if (p is null)
            {
                continue;
            }

            var flag = p.Key("flag", required: true);
            var anyOf = p.Has("variations") ? p.Strings("variations", RulesetLimits.MaxVariations, "variations") : null;
            var variation = p.String("variation", required: anyOf is null, RulesetLimits.MaxKeyLength);
            if (anyOf is not null && variation is not null)
            {
                p.Error("variations", "use either 'variation' or 'variations'");
            }

            p.Finish();
            if (flag is not null && anyOf is not null && variation is null)
            {
                // An empty list is a prerequisite that is never met.
                result.Add(new PrerequisiteDefinition(flag, anyOf.Count > 0 ? anyOf[0] : string.Empty, anyOf));
            }
            else if (flag is not null && variation is not null)
            {
                result.Add(new PrerequisiteDefinition(flag, variation));
            }
        }

        return result;
    }

    private List<TargetDefinition> ReadTargets(JsonObjectReader o)
    {
        var items = o.Array("targets", required: false, RulesetLimits.MaxVariations, "targets");
        var result = new List<TargetDefinition>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var t = JsonObjectReader.Open(items[i], JsonPath.Index(o.At("targets"), i), _errors);
            if (t is null)
            {
                continue;
            }

            var variation = t.String("variation", required: true, RulesetLimits.MaxKeyLength);
            if (!t.Has("values"))
            {
                t.Error("values", "is required");
            }

            var values = t.Strings("values", RulesetLimits.MaxTargetKeys, "keys", keys: true);
            var kind = t.String("contextKind", required: false, RulesetLimits.MaxKeyLength);
            t.Finish();
            if (variation is not null)
            {
                result.Add(new TargetDefinition(variation, values, kind));
            }
        }

        return result;
    }
}
