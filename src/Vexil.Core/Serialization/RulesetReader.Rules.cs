using System.Text.Json;
using Vexil.Core.Model;

namespace Vexil.Core.Serialization;

internal sealed partial class RulesetReader
{
    private List<RuleDefinition> ReadRules(JsonObjectReader o)
    {
        var items = o.Array("rules", required: false, RulesetLimits.MaxRules, "rules");
        var result = new List<RuleDefinition>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var r = JsonObjectReader.Open(items[i], JsonPath.Index(o.At("rules"), i), _errors);
            if (r is null)
            {
                continue;
            }

            var id = r.Key("id", required: true);
            var description = r.String("description", required: false);
            var clauses = ReadClauses(r);
            var percentage = ReadPercentage(r);
            ServeDefinition? serve = null;
            if (r.TryGet("serve", out var serveElement))
            {
                serve = ReadServe(serveElement, r.At("serve"));
            }
            else
            {
                r.Error("serve", "is required");
            }

            r.Finish();
            if (id is not null && serve is not null)
            {
                result.Add(new RuleDefinition(id, clauses, serve, description, percentage));
            }
        }

        return result;
    }

    private List<ClauseDefinition> ReadClauses(JsonObjectReader o)
    {
        var items = o.Array("clauses", required: false, RulesetLimits.MaxClauses, "clauses");
        var result = new List<ClauseDefinition>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var c = JsonObjectReader.Open(items[i], JsonPath.Index(o.At("clauses"), i), _errors);
            if (c is null)
            {
                continue;
            }

            var op = c.String("operator", required: true, 64);
            var attribute = c.String("attribute", required: op != "segmentMatch", 1_000) ?? Context.EvaluationContext.TargetingKeyAttribute;
            var values = c.Array("values", required: true, RulesetLimits.MaxClauseValues, "values");
            var negate = c.Boolean("negate", defaultValue: false);
            var kind = c.String("contextKind", required: false, RulesetLimits.MaxKeyLength);
            var caseInsensitive = c.Boolean("caseInsensitive", defaultValue: false);
            c.Finish();
            if (op is not null)
            {
                result.Add(new ClauseDefinition(attribute, op, values, negate, kind, caseInsensitive));
            }
        }

        return result;
    }

    private ServeDefinition? ReadServe(JsonElement element, string path)
    {
        var s = JsonObjectReader.Open(element, path, _errors);
        if (s is null)
        {
            return null;
        }

        var variation = s.String("variation", required: false, RulesetLimits.MaxKeyLength);
        RolloutDefinition? rollout = null;
        if (s.TryGet("rollout", out var rolloutElement))
        {
            rollout = ReadRollout(rolloutElement, s.At("rollout"));
        }

        var hasVariation = s.Has("variation");
        var hasRollout = s.Has("rollout");
        s.Finish();
        if (hasVariation == hasRollout)
        {
            _errors.Add(new ValidationError(path, "must have exactly one of 'variation' or 'rollout'"));
            return null;
        }

        return variation is null && rollout is null ? null : new ServeDefinition(variation, rollout);
    }

    private RolloutDefinition? ReadRollout(JsonElement element, string path)
    {
        var r = JsonObjectReader.Open(element, path, _errors);
        if (r is null)
        {
            return null;
        }

        var algorithm = r.String("algorithm", required: false, 64) ?? Bucketing.VexilV1Bucketing.AlgorithmName;
        var bucketBy = r.String("bucketBy", required: false, 1_000) ?? Context.EvaluationContext.TargetingKeyAttribute;
        var kind = r.String("contextKind", required: false, RulesetLimits.MaxKeyLength);
        var salt = r.String("salt", required: false, RulesetLimits.MaxKeyLength * 2);
        var stickiness = r.String("stickiness", required: false, 1_000);
        int? bucketCount = r.Has("bucketCount") ? (int)r.Integer("bucketCount", required: false, 1, RolloutDefinition.TotalWeight) : null;
        var items = r.Array("weights", required: true, RulesetLimits.MaxVariations, "weights");
        var weights = new List<WeightDefinition>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var w = JsonObjectReader.Open(items[i], JsonPath.Index(r.At("weights"), i), _errors);
            if (w is null)
            {
                continue;
            }

            var variation = w.String("variation", required: true, RulesetLimits.MaxKeyLength);
            var weight = w.Integer("weight", required: true, 0, RolloutDefinition.TotalWeight);
            w.Finish();
            if (variation is not null)
            {
                weights.Add(new WeightDefinition(variation, (int)weight));
            }
        }

        r.Finish();
        return new RolloutDefinition(weights, bucketBy, algorithm, kind, salt, stickiness, bucketCount);
    }

    private SegmentDefinition? ReadSegment(JsonElement element, string path)
    {
        var o = JsonObjectReader.Open(element, path, _errors);
        if (o is null)
        {
            return null;
        }

        var key = o.Key("key", required: true);
        var description = o.String("description", required: false);
        var included = o.Strings("included", RulesetLimits.MaxTargetKeys, "keys", keys: true);
        var excluded = o.Strings("excluded", RulesetLimits.MaxTargetKeys, "keys", keys: true);
        var items = o.Array("rules", required: false, RulesetLimits.MaxRules, "rules");
        var rules = new List<SegmentRuleDefinition>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var r = JsonObjectReader.Open(items[i], JsonPath.Index(o.At("rules"), i), _errors);
            if (r is null)
            {
                continue;
            }

            var id = r.Key("id", required: true);
            var clauses = ReadClauses(r);
            var percentage = ReadPercentage(r);
            r.Finish();
            if (id is not null)
            {
                rules.Add(new SegmentRuleDefinition(id, clauses, percentage));
            }
        }

        var includedContexts = ReadContextTargets(o, "includedContexts");
        var excludedContexts = ReadContextTargets(o, "excludedContexts");
        var salt = o.String("salt", required: false, RulesetLimits.MaxKeyLength * 2);
        var version = o.Integer("version", required: false, 0, long.MaxValue);
        o.Finish();
        return key is null ? null : new SegmentDefinition
        {
            Key = key,
            Description = description,
            Included = included,
            Excluded = excluded,
            IncludedContexts = includedContexts,
            ExcludedContexts = excludedContexts,
            Salt = salt,
            Rules = rules,
            Version = version,
        };
    }
}
