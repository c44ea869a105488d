using System.Globalization;
using System.Text.Json;
using Vexil.Core.Bucketing;
using Vexil.Core.Model;

namespace Vexil.Importers.LaunchDarkly;

/// <summary>
/// Translates a LaunchDarkly segment: included and excluded keys (user kind) and context keys of other kinds, and
/// rules whose weight becomes a <c>launchdarkly-v1</c> percentage bucketed with <c>segmentKey.segmentSalt</c>.
/// </summary>
internal sealed class LaunchDarklySegmentTranslator(string key, JsonElement segment, string path, Refusals refusals)
{
    public SegmentDefinition? Translate()
    {
        if (!Refusals.IsKey(key))
        {
            return refusals.Refuse<SegmentDefinition>(path, $"'{key}' is not a Vexil segment key");
        }

        if (JsonValues.IsTrue(segment, "unbounded"))
        {
            return refusals.Refuse<SegmentDefinition>(Refusals.Property(path, "unbounded"), "a big segment's members live in LaunchDarkly's big segment store, not in this document");
        }

        var before = refusals.Count;
        var salt = key + "." + (JsonValues.String(segment, "salt") ?? string.Empty);
        var clauses = new LaunchDarklyClauseTranslator(refusals);
        var rules = new List<SegmentRuleDefinition>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var items = JsonValues.Array(segment, "rules");
        for (var i = 0; i < items.Length; i++)
        {
            var at = Refusals.Index(Refusals.Property(path, "rules"), i);
            var translated = new List<ClauseDefinition>();
            var c = 0;
            foreach (var clause in JsonValues.Array(items[i], "clauses"))
            {
                if (clauses.Translate(clause, Refusals.Index(Refusals.Property(at, "clauses"), c++), segmentRule: true) is { } definition)
                {
                    translated.Add(definition);
                }
            }

            PercentageDefinition? percentage = null;
            if (JsonValues.TryGet(items[i], "weight", out var weightElement))
            {
                if (!JsonValues.TryInt(weightElement, out var weight))
                {
                    refusals.Add(Refusals.Property(at, "weight"), "a weight must be an integer");
                    continue;
                }

                var kind = JsonValues.String(items[i], "rolloutContextKind");
                var bucketBy = LaunchDarklyClauseTranslator.Reference(JsonValues.String(items[i], "bucketBy") ?? "key", literal: kind is null);
                if (bucketBy is null)
                {
                    refusals.Add(Refusals.Property(at, "bucketBy"), "an invalid attribute reference is an error in LaunchDarkly");
                    continue;
                }

                // bucket < weight / 100000: above 100,000 everyone is in; below 0, no one.
                if (weight <= RolloutDefinition.TotalWeight)
                {
                    percentage = new PercentageDefinition(Math.Max(weight, 0), LaunchDarklyBucketing.AlgorithmName, bucketBy, kind ?? "user");
                }
            }

            var id = JsonValues.String(items[i], "id");
            if (!Refusals.IsKey(id) || !ids.Add(id!))
            {
                id = "rule-" + (i + 1).ToString(CultureInfo.InvariantCulture);
                ids.Add(id);
            }

            rules.Add(new SegmentRuleDefinition(id!, translated, percentage));
        }

        var included = new List<TargetDefinition>();
        var excluded = new List<TargetDefinition>();
        Targets(JsonValues.Array(segment, "includedContexts"), included);
        Keys(JsonValues.Array(segment, "included"), "user", included);
        Targets(JsonValues.Array(segment, "excludedContexts"), excluded);
        Keys(JsonValues.Array(segment, "excluded"), "user", excluded);
        if (refusals.Count != before)
        {
            return null;
        }

        return new SegmentDefinition { Key = key, IncludedContexts = included, ExcludedContexts = excluded, Rules = rules, Salt = salt };
    }

    private static void Targets(JsonElement[] targets, List<TargetDefinition> into)
    {
        foreach (var target in targets)
        {
            Keys(JsonValues.Array(target, "values"), JsonValues.String(target, "contextKind") ?? "user", into);
        }
    }

    private static void Keys(JsonElement[] values, string kind, List<TargetDefinition> into)
    {
        var keys = values.Where(v => v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0).Select(v => v.GetString()!).ToList();
        if (keys.Count > 0)
        {
            into.Add(new TargetDefinition(string.Empty, keys, kind));
        }
    }
}
