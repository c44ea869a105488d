using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vexil.Server.Flags;

namespace Vexil.Server.Dashboard.Flags;

/// <summary>
/// The dashboard's edits of one environment's configuration, as pure functions of the current configuration. The
/// store runs them inside its write transaction after checking the form's version, then validates the candidate
/// ruleset like any API write.
/// </summary>
internal static class FlagConfigEdits
{
    public static FlagConfigData SetTargets(FlagConfigData config, string variation, IReadOnlyList<string> values)
    {
        var targets = Array(config.Targets);
        var kept = new JsonArray();
        var placed = false;
        foreach (var t in targets)
        {
            // Targets of a context kind (imported from LaunchDarkly) are not the form's: they are kept as they are.
            if (t!["variation"]?.GetValue<string>() == variation && t["contextKind"] is null)
            {
                if (values.Count > 0 && !placed)
                {
                    kept.Add(Target(variation, values));
                }

                placed = true;
                continue;
            }

            kept.Add(t.DeepClone());
        }

        if (!placed && values.Count > 0)
        {
            kept.Add(Target(variation, values));
        }

        return config with { Targets = Element(kept) };
    }

    public static FlagConfigData AddRule(FlagConfigData config, JsonObject clause, JsonObject serve)
    {
        var rules = Array(config.Rules);
        rules.Add(new JsonObject
        {
            ["id"] = "rule-" + Guid.NewGuid().ToString("N")[..8],
            ["clauses"] = new JsonArray(clause),
            ["serve"] = serve,
        });
        return config with { Rules = Element(rules) };
    }

    public static FlagConfigData AddClause(FlagConfigData config, int rule, JsonObject clause)
    {
        var rules = Array(config.Rules);
        if (rules[rule]!["clauses"] is not JsonArray clauses)
        {
            clauses = [];
            rules[rule]!["clauses"] = clauses;
        }

        clauses.Add(clause);
        return config with { Rules = Element(rules) };
    }

    public static FlagConfigData SetRuleServe(FlagConfigData config, int rule, JsonObject serve)
    {
        var rules = Array(config.Rules);
        rules[rule]!["serve"] = serve;
        return config with { Rules = Element(rules) };
    }

    public static FlagConfigData MoveRule(FlagConfigData config, int rule, int by)
    {
        var rules = Array(config.Rules);
        var target = rule + by;
        if (target < 0 || target >= rules.Count)
        {
            return config;
        }

        var node = rules[rule]!;
        rules.RemoveAt(rule);
        rules.Insert(target, node);
        return config with { Rules = Element(rules) };
    }

    public static FlagConfigData DeleteRule(FlagConfigData config, int rule)
    {
        var rules = Array(config.Rules);
        rules.RemoveAt(rule);
        return config with { Rules = Element(rules) };
    }

    public static FlagConfigData SetFallthrough(FlagConfigData config, JsonObject serve, string? offVariation) =>
        config with { Fallthrough = Element(serve), OffVariation = string.IsNullOrEmpty(offVariation) ? null : offVariation };

    public static FlagConfigData AddPrerequisite(FlagConfigData config, string flag, string variation)
    {
        var list = Array(config.Prerequisites);
        list.Add(new JsonObject { ["flag"] = flag, ["variation"] = variation });
        return config with { Prerequisites = Element(list) };
    }

    public static FlagConfigData RemovePrerequisite(FlagConfigData config, int index)
    {
        var list = Array(config.Prerequisites);
        list.RemoveAt(index);
        return config with { Prerequisites = Element(list) };
    }

    /// <summary>A clause from the form; values are split on commas and new lines, numbers for the numeric operators.</summary>
    public static JsonObject Clause(string attribute, string op, string values, bool negate)
    {
        var numeric = op is "lt" or "lte" or "gt" or "gte";
        var list = new JsonArray();
        foreach (var value in SplitList(values))
        {
            list.Add(numeric && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n) : JsonValue.Create(value));
        }

        var clause = new JsonObject { ["attribute"] = attribute.Trim(), ["operator"] = op, ["values"] = list };
        if (negate)
        {
            clause["negate"] = true;
        }

        return clause;
    }

    /// <summary>
    /// What to serve, from the form: <c>serve</c> is a variation key or <c>rollout</c>; a rollout's weights come as
    /// percentages in <c>w.{variation}</c> fields and must add up to exactly 100%.
    /// </summary>
    public static JsonObject? Serve(IFormCollection form, IEnumerable<string> variations, List<string> errors)
    {
        var serve = form["serve"].ToString();
        if (serve != "rollout")
        {
            if (string.IsNullOrEmpty(serve))
            {
                errors.Add("Choose a variation to serve, or a percentage rollout.");
                return null;
            }

            return new JsonObject { ["variation"] = serve };
        }

        var weights = new JsonArray();
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
            weights.Add(new JsonObject { ["variation"] = variation, ["weight"] = weight });
        }

        if (total != 100_000)
        {
            errors.Add($"Rollout weights must add up to 100%; these add up to {(total / 1000m).ToString("0.###", CultureInfo.InvariantCulture)}%.");
            return null;
        }

        var rollout = new JsonObject { ["weights"] = weights };
        var bucketBy = form["bucketBy"].ToString().Trim();
        if (bucketBy.Length > 0 && bucketBy != "targetingKey")
        {
            rollout["bucketBy"] = bucketBy;
        }

        return new JsonObject { ["rollout"] = rollout };
    }

    public static List<string> SplitList(string? text) =>
        [.. (text ?? string.Empty).Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    private static JsonObject Target(string variation, IReadOnlyList<string> values) =>
        new() { ["variation"] = variation, ["values"] = new JsonArray([.. values.Select(v => (JsonNode)JsonValue.Create(v))]) };

    private static JsonArray Array(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? JsonNode.Parse(element.GetRawText())!.AsArray() : [];

    private static JsonElement Element(JsonNode node) => JsonSerializer.SerializeToElement(node);
}
