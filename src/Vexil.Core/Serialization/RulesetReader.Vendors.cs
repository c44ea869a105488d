using System.Text.Json;
using Vexil.Core.Model;

namespace Vexil.Core.Serialization;

/// <summary>The fields that imports from LaunchDarkly and Unleash brought: percentages, context targets, variation metadata.</summary>
internal sealed partial class RulesetReader
{
    private PercentageDefinition? ReadPercentage(JsonObjectReader o)
    {
        if (!o.TryGet("percentage", out var element))
        {
            return null;
        }

        var p = JsonObjectReader.Open(element, o.At("percentage"), _errors);
        if (p is null)
        {
            return null;
        }

        var weight = p.Integer("weight", required: true, 0, RolloutDefinition.TotalWeight);
        var algorithm = p.String("algorithm", required: true, 64);
        var bucketBy = p.String("bucketBy", required: false, 1_000) ?? "key";
        var kind = p.String("contextKind", required: false, RulesetLimits.MaxKeyLength);
        var salt = p.String("salt", required: false, RulesetLimits.MaxKeyLength * 2);
        var stickiness = p.String("stickiness", required: false, 1_000);
        p.Finish();
        return algorithm is null ? null : new PercentageDefinition((int)weight, algorithm, bucketBy, kind, salt, stickiness);
    }

    private List<TargetDefinition> ReadContextTargets(JsonObjectReader o, string name)
    {
        var items = o.Array(name, required: false, RulesetLimits.MaxVariations, name);
        var result = new List<TargetDefinition>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var t = JsonObjectReader.Open(items[i], JsonPath.Index(o.At(name), i), _errors);
            if (t is null)
            {
                continue;
            }

            var kind = t.String("contextKind", required: true, RulesetLimits.MaxKeyLength);
            if (!t.Has("values"))
            {
                t.Error("values", "is required");
            }

            var values = t.Strings("values", RulesetLimits.MaxTargetKeys, "keys", keys: true);
            t.Finish();
            if (kind is not null)
            {
                result.Add(new TargetDefinition(string.Empty, values, kind));
            }
        }

        return result;
    }

    private Dictionary<string, JsonElement>? ReadMetadata(JsonObjectReader o)
    {
        if (!o.TryGet("metadata", out var element))
        {
            return null;
        }

        var path = o.At("metadata");
        if (element.ValueKind != JsonValueKind.Object)
        {
            _errors.Add(new ValidationError(path, $"expected an object, found {JsonObjectReader.Describe(element)}"));
            return null;
        }

        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            {
                result[property.Name] = property.Value;
            }
            else
            {
                _errors.Add(new ValidationError(JsonPath.Property(path, property.Name), $"expected a string, number or boolean, found {JsonObjectReader.Describe(property.Value)}"));
            }
        }

        return result;
    }
}
