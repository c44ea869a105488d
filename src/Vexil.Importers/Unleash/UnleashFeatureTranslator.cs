using System.Globalization;
using System.Text.Json;
using Vexil.Core.Bucketing;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Operators;

namespace Vexil.Importers.Unleash;

/// <summary>
/// Translates one Unleash feature (without its dependencies): each strategy, in order, becomes its rules (variant
/// overrides first, then the rule that serves the strategy's or the feature's variants, or <c>enabled</c>); a context
/// no strategy admits gets <c>disabled</c>; a feature without strategies is enabled for everyone.
/// </summary>
internal sealed class UnleashFeatureTranslator(string name, JsonElement feature, string path, Dictionary<double, JsonElement> segments, Refusals refusals)
{
    public UnleashVariations Variations { get; } = new();

    public FlagDefinition? Flag { get; private set; }

    public bool Translate()
    {
        if (!Refusals.IsKey(name))
        {
            refusals.Add(Refusals.Property(path, "name"), $"'{name}' is not a Vexil flag key: 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit");
            return false;
        }

        if (!JsonValues.TryGet(feature, "strategies", out var strategies) || strategies.ValueKind != JsonValueKind.Array)
        {
            refusals.Add(Refusals.Property(path, "strategies"), "strategies must be an array (Unleash never enables a feature without one)");
            return false;
        }

        var before = refusals.Count;
        var rules = new List<RuleDefinition>();
        var items = strategies.EnumerateArray().ToArray();
        for (var i = 0; i < items.Length; i++)
        {
            Strategy(items[i], Refusals.Index(Refusals.Property(path, "strategies"), i), i, rules);
        }

        // No strategy: enabled for everyone, with the feature's variants.
        var fallthrough = ServeDefinition.Of(UnleashVariations.Disabled);
        if (items.Length == 0)
        {
            fallthrough = FeatureVariants([], null, "variant", rules) ?? ServeDefinition.Of(UnleashVariations.Enabled);
        }

        if (refusals.Count != before)
        {
            return false;
        }

        Flag = new FlagDefinition
        {
            Key = name,
            Type = FlagValueType.Boolean,
            Description = JsonValues.String(feature, "description") is { Length: > 0 } description ? description : null,
            Variations = Variations.All,
            Enabled = JsonValues.IsTrue(feature, "enabled"),
            OffVariation = UnleashVariations.Disabled,
            Rules = rules,
            Fallthrough = fallthrough,
        };
        return true;
    }

    private void Strategy(JsonElement strategy, string at, int index, List<RuleDefinition> rules)
    {
        // A strategy Unleash can never apply (a null constraint, an unknown operator, a segment that is not there)
        // decides nothing: leaving it out is exact.
        if (JsonValues.Array(strategy, "constraints").Any(UnleashConstraintTranslator.NeverHolds)
            || JsonValues.Array(strategy, "segments").Any(id => id.ValueKind != JsonValueKind.Number || !segments.TryGetValue(id.GetDouble(), out _))
            || JsonValues.Array(strategy, "segments").Any(id => segments.TryGetValue(id.GetDouble(), out var segment) && JsonValues.Array(segment, "constraints").Any(UnleashConstraintTranslator.NeverHolds)))
        {
            return;
        }

        var parameters = JsonValues.TryGet(strategy, "parameters", out var p) ? p : default;
        var clauses = new List<ClauseDefinition>();
        var c = 0;
        foreach (var constraint in JsonValues.Array(strategy, "constraints"))
        {
            if (UnleashConstraintTranslator.Translate(constraint, Refusals.Index(Refusals.Property(at, "constraints"), c++), refusals) is { } clause)
            {
                clauses.Add(clause);
            }
        }

        var s = 0;
        foreach (var segmentId in JsonValues.Array(strategy, "segments"))
        {
            var segmentPath = Refusals.Index(Refusals.Property(at, "segments"), s++);
            if (segmentId.ValueKind != JsonValueKind.Number || !segments.TryGetValue(segmentId.GetDouble(), out var segment))
            {
                refusals.Add(segmentPath, $"the segment {segmentId} is not in the document (Unleash then never applies this strategy); export the segments too");
                continue;
            }

            var k = 0;
            foreach (var constraint in JsonValues.Array(segment, "constraints"))
            {
                if (UnleashConstraintTranslator.Translate(constraint, Refusals.Index(Refusals.Property(segmentPath, "constraints"), k++), refusals) is { } clause)
                {
                    clauses.Add(clause);
                }
            }
        }

        var kind = JsonValues.String(strategy, "name");
        PercentageDefinition? percentage = null;
        // parameters.groupId || '' (a truthy non-string is hashed as JavaScript writes it).
        var groupId = JsonValues.TryGet(parameters, "groupId", out var g) && !(g.ValueKind is JsonValueKind.False || (g.ValueKind == JsonValueKind.String && g.GetString()!.Length == 0) || (g.ValueKind == JsonValueKind.Number && g.GetDouble() == 0)) ? JsString(g) : string.Empty;
        switch (kind)
        {
            case "default":
                break;
            case "flexibleRollout":
                var stickiness = JsonValues.String(parameters, "stickiness") is { Length: > 0 } st ? st : "default";
                if (stickiness.StartsWith('$'))
                {
                    refusals.Add(Refusals.Property(Refusals.Property(at, "parameters"), "stickiness"), "a stickiness field starting with '$' has no native form");
                    return;
                }

                percentage = Percentage(Number(parameters, "rollout"), stickiness, groupId, strict: true);
                break;
            case "gradualRolloutUserId" or "gradualRolloutSessionId":
                percentage = Percentage(Number(parameters, "percentage"), kind == "gradualRolloutUserId" ? "$userId" : "$sessionId", groupId, strict: true);
                break;
            case "gradualRolloutRandom":
                percentage = Percentage(Number(parameters, "percentage"), "$uniform", string.Empty, strict: false);
                break;
            case "userWithId":
                clauses.Add(new ClauseDefinition("userId", "unleash:USER_WITH_ID", List(parameters, "userIds")));
                break;
            case "remoteAddress":
                clauses.Add(new ClauseDefinition("remoteAddress", "unleash:REMOTE_ADDRESS", List(parameters, "IPs")));
                break;
            case "applicationHostname":
                refusals.Add(Refusals.Property(at, "name"), "applicationHostname compares the host name of the application's own machine, which Vexil's evaluation does not know");
                return;
            default:
                refusals.Add(Refusals.Property(at, "name"), $"the custom strategy '{kind}' runs code in your application; Vexil cannot evaluate it");
                return;
        }

        var id = JsonValues.String(strategy, "id");
        var ruleId = Refusals.IsKey(id) && !rules.Exists(r => r.Id == id) ? id! : "strategy-" + (index + 1).ToString(CultureInfo.InvariantCulture);
        var first = rules.Count;
        var serve = StrategyVariants(strategy, parameters, at, clauses, percentage, ruleId, rules)
            ?? FeatureVariants(clauses, percentage, ruleId, rules)
            ?? ServeDefinition.Of(UnleashVariations.Enabled);
        if (rules.Count > first && percentage is { Weight: > 0 and < 100000, Stickiness: "default" or "random" or "$uniform" })
        {
            refusals.Add(at, "variant overrides under a share that Unleash may draw at random would draw twice as native rules");
            return;
        }

        rules.Add(new RuleDefinition(ruleId, clauses, serve, Percentage: percentage));
    }

    private PercentageDefinition? Percentage(double percent, string stickiness, string groupId, bool strict)
    {
        // Unleash: percentage > 0 && hash % 100 + 1 <= percentage (gradualRolloutRandom: percentage >= 1..100).
        var weight = double.IsNaN(percent) || (strict && percent <= 0) ? 0 : (int)Math.Clamp(Math.Floor(percent), 0, 100) * 1000;
        if (weight == 100000 && stickiness is "default" or "random" or "$uniform")
        {
            return null;
        }

        return new PercentageDefinition(weight, UnleashBucketing.AlgorithmName, "key", null, groupId, stickiness);
    }

    private ServeDefinition? StrategyVariants(JsonElement strategy, JsonElement parameters, string at, List<ClauseDefinition> clauses, PercentageDefinition? percentage, string ruleId, List<RuleDefinition> rules)
    {
        var variants = JsonValues.Array(strategy, "variants");
        if (variants.Length == 0 || Total(variants) <= 0)
        {
            return null;
        }

        // selectVariantDefinition(parameters.groupId, variants[0].stickiness || parameters.stickiness, ...): an absent groupId hashes as "undefined".
        var groupId = JsonValues.TryGet(parameters, "groupId", out var g) ? JsString(g) : parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("groupId", out _) ? "null" : "undefined";
        var stickiness = JsonValues.String(variants[0], "stickiness") is { Length: > 0 } own ? own : JsonValues.String(parameters, "stickiness") is { Length: > 0 } inherited ? inherited : "default";
        return Rollout(variants, Refusals.Property(at, "variants"), groupId, stickiness, clauses, percentage, ruleId, rules);
    }

    private ServeDefinition? FeatureVariants(List<ClauseDefinition> clauses, PercentageDefinition? percentage, string ruleId, List<RuleDefinition> rules)
    {
        var variants = JsonValues.Array(feature, "variants");
        if (variants.Length == 0 || Total(variants) <= 0)
        {
            return null;
        }

        // feature.variants[0].stickiness ?? 'default'; the feature's name is the group.
        var stickiness = JsonValues.TryGet(variants[0], "stickiness", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "default";
        return Rollout(variants, Refusals.Property(path, "variants"), name, stickiness, clauses, percentage, ruleId, rules);
    }

    private ServeDefinition? Rollout(JsonElement[] variants, string at, string groupId, string stickiness, List<ClauseDefinition> clauses, PercentageDefinition? percentage, string ruleId, List<RuleDefinition> rules)
    {
        var total = Total(variants);
        var weights = new List<WeightDefinition>();
        long cumulative = 0, mapped = 0;
        for (var i = 0; i < variants.Length; i++)
        {
            var variantPath = Refusals.Index(at, i);
            if (!Variations.Add(variants[i], variantPath, refusals))
            {
                return ServeDefinition.Of(UnleashVariations.Enabled);
            }

            var variantName = JsonValues.String(variants[i], "name")!;
            if (weights.Exists(w => w.Variation == variantName))
            {
                refusals.Add(Refusals.Property(variantPath, "name"), $"the variant '{variantName}' appears twice in one list");
                return ServeDefinition.Of(UnleashVariations.Enabled);
            }

            // Cumulative weights map onto 100,000 by ⌊C × 100000 / n⌋: exact boundaries for any total (bucketing.md).
            JsonValues.TryGet(variants[i], "weight", out var w);
            JsonValues.TryInt(w, out var weight);
            cumulative += weight;
            var upper = cumulative * 100000 / total;
            weights.Add(new WeightDefinition(variantName, (int)(upper - mapped)));
            mapped = upper;
            var o = 0;
            foreach (var over in JsonValues.Array(variants[i], "overrides"))
            {
                var field = JsonValues.String(over, "contextName");
                var values = JsonValues.Array(over, "values").Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.Clone()).ToList();
                if (field is null or "properties" or "targetingKey")
                {
                    refusals.Add(Refusals.Property(Refusals.Index(Refusals.Property(variantPath, "overrides"), o), "contextName"), $"'{field}' is not a context field Vexil's contexts can give Unleash");
                    continue;
                }

                rules.Add(new RuleDefinition(ruleId + "-override-" + (rules.Count + 1).ToString(CultureInfo.InvariantCulture), [.. clauses, new ClauseDefinition(field, "unleash:IN", values)], ServeDefinition.Of(variantName), Percentage: percentage));
                o++;
            }
        }

        return new ServeDefinition(null, new RolloutDefinition(weights, "key", UnleashBucketing.VariantAlgorithmName, Salt: groupId, Stickiness: stickiness, BucketCount: total));
    }

    private int Total(JsonElement[] variants)
    {
        long total = 0;
        foreach (var variant in variants)
        {
            if (!JsonValues.TryGet(variant, "weight", out var w) || !JsonValues.TryInt(w, out var weight) || weight < 0)
            {
                refusals.Add(path, "a variant weight must be a non-negative integer");
                return 0;
            }

            total += weight;
        }

        if (total > 100000)
        {
            refusals.Add(path, $"the variants' total weight {total} is above 100,000, more buckets than a native rollout has");
            return 0;
        }

        return (int)total;
    }

    private static List<JsonElement> List(JsonElement parameters, string name)
    {
        // parameters.x ? parameters.x.split(/\s*,\s*/) : []
        var text = JsonValues.String(parameters, name);
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var parts = text.Split(',');
        var result = new List<JsonElement>(parts.Length);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i].AsSpan();
            while (i > 0 && part.Length > 0 && JsText.IsWhiteSpace(part[0]))
            {
                part = part[1..];
            }

            while (i < parts.Length - 1 && part.Length > 0 && JsText.IsWhiteSpace(part[^1]))
            {
                part = part[..^1];
            }

            result.Add(JsonValues.Of(part.ToString()));
        }

        return result;
    }

    private static double Number(JsonElement parameters, string name)
    {
        if (!JsonValues.TryGet(parameters, name, out var value))
        {
            return parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(name, out var raw) && raw.ValueKind == JsonValueKind.Null ? 0 : double.NaN;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String => JsNumber.Parse(value.GetString()),
            JsonValueKind.True => 1,
            JsonValueKind.False => 0,
            _ => double.NaN,
        };
    }

    private static string JsString(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "null",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => FormatNumber(value.GetDouble()),
        _ => "[object Object]",
    };

    private static string FormatNumber(double value)
    {
        Span<char> buffer = stackalloc char[JsNumber.MaxFormattedLength];
        JsNumber.TryFormat(value, buffer, out var written);
        return new string(buffer[..written]);
    }
}
