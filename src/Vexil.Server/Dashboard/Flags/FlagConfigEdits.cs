using System.Globalization;
using System.Text.Json;
using Vexil.Core.Model;
using Vexil.Server.Flags;

namespace Vexil.Server.Dashboard.Flags;

/// <summary>
/// The dashboard's edits of one environment's targeting, as pure functions from the targeting the form was rendered
/// from to the new one (Core's model). The change recorder refuses the result when the flag changed since (the form
/// carries its ETag) and validates it like any API write.
/// </summary>
internal static class FlagConfigEdits
{
    public static FlagTargeting SetTargets(FlagTargeting targeting, string variation, IReadOnlyList<string> values)
    {
        var kept = new List<TargetDefinition>();
        var placed = false;
        foreach (var target in targeting.Targets)
        {
            // Targets of a context kind (imported from LaunchDarkly) are not the form's: they are kept as they are.
            if (target.Variation == variation && target.ContextKind is null)
            {
                if (values.Count > 0 && !placed)
                {
                    kept.Add(new TargetDefinition(variation, values));
                }

                placed = true;
                continue;
            }

            kept.Add(target);
        }

        if (!placed && values.Count > 0)
        {
            kept.Add(new TargetDefinition(variation, values));
        }

        return targeting with { Targets = kept };
    }

    public static FlagTargeting AddRule(FlagTargeting targeting, ClauseDefinition clause, ServeDefinition serve) =>
        targeting with { Rules = [.. targeting.Rules, new RuleDefinition(NewRuleId(targeting.Rules), [clause], serve)] };

    public static FlagTargeting AddClause(FlagTargeting targeting, int rule, ClauseDefinition clause) =>
        EditRule(targeting, rule, r => r with { Clauses = [.. r.Clauses, clause] });

    public static FlagTargeting SetRuleServe(FlagTargeting targeting, int rule, ServeDefinition serve) =>
        EditRule(targeting, rule, r => r with { Serve = serve });

    public static FlagTargeting MoveRule(FlagTargeting targeting, int rule, int by)
    {
        var target = rule + by;
        if (rule < 0 || rule >= targeting.Rules.Count || target < 0 || target >= targeting.Rules.Count)
        {
            return targeting;
        }

        var rules = targeting.Rules.ToList();
        var moved = rules[rule];
        rules.RemoveAt(rule);
        rules.Insert(target, moved);
        return targeting with { Rules = rules };
    }

    public static FlagTargeting DeleteRule(FlagTargeting targeting, int rule) =>
        rule < 0 || rule >= targeting.Rules.Count ? targeting : targeting with { Rules = [.. targeting.Rules.Where((_, i) => i != rule)] };

    public static FlagTargeting SetFallthrough(FlagTargeting targeting, ServeDefinition serve, string? offVariation) =>
        targeting with { Fallthrough = serve, OffVariation = string.IsNullOrEmpty(offVariation) ? null : offVariation };

    public static FlagTargeting AddPrerequisite(FlagTargeting targeting, string flag, string variation) =>
        targeting with { Prerequisites = [.. targeting.Prerequisites, new PrerequisiteDefinition(flag, variation)] };

    public static FlagTargeting RemovePrerequisite(FlagTargeting targeting, int index) =>
        index < 0 || index >= targeting.Prerequisites.Count ? targeting : targeting with { Prerequisites = [.. targeting.Prerequisites.Where((_, i) => i != index)] };

    /// <summary>A clause from the form; values are split on commas and new lines, numbers for the numeric operators.</summary>
    public static ClauseDefinition Clause(string attribute, string op, string values, bool negate)
    {
        var numeric = op is "lt" or "lte" or "gt" or "gte";
        var list = new List<JsonElement>();
        foreach (var value in SplitList(values))
        {
            list.Add(numeric && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                ? JsonSerializer.SerializeToElement(n)
                : JsonSerializer.SerializeToElement(value));
        }

        return new ClauseDefinition(attribute.Trim(), op, list, negate);
    }

    /// <summary>
    /// What to serve, from the form: <c>serve</c> is a variation key or <c>rollout</c>; a rollout's weights come as
    /// percentages in <c>w.{variation}</c> fields and must add up to exactly 100%.
    /// </summary>
    public static ServeDefinition? Serve(IFormCollection form, IEnumerable<string> variations, List<string> errors)
    {
        var serve = form["serve"].ToString();
        if (serve != "rollout")
        {
            if (string.IsNullOrEmpty(serve))
            {
                errors.Add("Choose a variation to serve, or a percentage rollout.");
                return null;
            }

            return ServeDefinition.Of(serve);
        }

        var weights = new List<WeightDefinition>();
        var total = 0;
        foreach (var variation in variations)
        {
            var text = form["w." + variation].ToString().Trim().TrimEnd('%');
            if (text.Length == 0)
            {
                continue;
            }

            if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var percent) || percent < 0 || percent > 100 || decimal.Round(percent, 3) != percent)
            {
                errors.Add($"The weight of '{variation}' must be a percentage from 0 to 100 with at most three decimals.");
                return null;
            }

            var weight = (int)(percent * 1000);
            total += weight;
            weights.Add(new WeightDefinition(variation, weight));
        }

        if (total != RolloutDefinition.TotalWeight)
        {
            errors.Add($"Rollout weights must add up to 100%; these add up to {(total / 1000m).ToString("0.###", CultureInfo.InvariantCulture)}%.");
            return null;
        }

        var bucketBy = form["bucketBy"].ToString().Trim();
        return new ServeDefinition(null, new RolloutDefinition(weights, bucketBy.Length > 0 ? bucketBy : "targetingKey"));
    }

    public static List<string> SplitList(string? text) =>
        [.. (text ?? string.Empty).Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    private static FlagTargeting EditRule(FlagTargeting targeting, int rule, Func<RuleDefinition, RuleDefinition> edit)
    {
        if (rule < 0 || rule >= targeting.Rules.Count)
        {
            return targeting;
        }

        var rules = targeting.Rules.ToList();
        rules[rule] = edit(rules[rule]);
        return targeting with { Rules = rules };
    }

    /// <summary>A rule id no other rule of the flag has: <c>rule-1</c>, <c>rule-2</c>, …</summary>
    private static string NewRuleId(IReadOnlyList<RuleDefinition> rules)
    {
        for (var n = rules.Count + 1; ; n++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"rule-{n}");
            if (!rules.Any(r => r.Id == id))
            {
                return id;
            }
        }
    }
}
