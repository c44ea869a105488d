using System.Globalization;
using System.Text.Json;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;

namespace Vexil.Importers.LaunchDarkly;

/// <summary>Translates one LaunchDarkly flag (docs/migration.md#launchdarkly).</summary>
internal sealed class LaunchDarklyFlagTranslator(string key, JsonElement flag, string path, List<(string Key, JsonElement Element, string Path)> flags, Refusals refusals, ISet<string>? documentSegments = null)
{
    private int _variationCount;

    public FlagDefinition? Translate()
    {
        if (!Refusals.IsKey(key))
        {
            return refusals.Refuse<FlagDefinition>(path, $"'{key}' is not a Vexil flag key: 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }

        if (flag.ValueKind != JsonValueKind.Object)
        {
            return refusals.Refuse<FlagDefinition>(path, "a flag must be an object");
        }

        var variations = JsonValues.Array(flag, "variations");
        var type = TypeOf(variations, Refusals.Property(path, "variations"));
        if (type is null)
        {
            return null;
        }

        _variationCount = variations.Length;
        var salt = key + "." + (JsonValues.String(flag, "salt") ?? string.Empty);
        if (salt.Length > 256)
        {
            return refusals.Refuse<FlagDefinition>(Refusals.Property(path, "salt"), "the flag's key and salt together are longer than 255 characters");
        }

        string? off = null;
        if (JsonValues.TryGet(flag, "offVariation", out var offElement))
        {
            off = Variation(offElement, Refusals.Property(path, "offVariation"));
        }

        var rollouts = new LaunchDarklyRolloutTranslator(_variationCount, refusals);
        var clauses = new LaunchDarklyClauseTranslator(refusals, documentSegments);
        var rules = new List<RuleDefinition>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var ruleElements = JsonValues.Array(flag, "rules");
        for (var i = 0; i < ruleElements.Length; i++)
        {
            var rulePath = Refusals.Index(Refusals.Property(path, "rules"), i);
            var rule = ruleElements[i];
            if (!JsonValues.TryGet(rule, "clauses", out var clauseArray) || clauseArray.ValueKind != JsonValueKind.Array)
            {
                refusals.Add(Refusals.Property(rulePath, "clauses"), "a rule without clauses never matches in LaunchDarkly and has no native form: remove it");
                continue;
            }

            var translated = new List<ClauseDefinition>();
            var c = 0;
            foreach (var clause in clauseArray.EnumerateArray())
            {
                if (clauses.Translate(clause, Refusals.Index(Refusals.Property(rulePath, "clauses"), c++), segmentRule: false) is { } definition)
                {
                    translated.Add(definition);
                }
            }

            var serve = rollouts.Serve(rule, rulePath);
            var id = JsonValues.String(rule, "id");
            id = Refusals.IsKey(id) && ids.Add(id!) ? id : UniqueId(ids, i);
            if (serve is not null)
            {
                rules.Add(new RuleDefinition(id!, translated, serve));
            }
        }

        var fallthrough = JsonValues.TryGet(flag, "fallthrough", out var fallthroughElement)
            ? rollouts.Serve(fallthroughElement, Refusals.Property(path, "fallthrough"))
            : refusals.Refuse<ServeDefinition>(Refusals.Property(path, "fallthrough"), "a flag without a fallthrough is an error in LaunchDarkly");
        var prerequisites = Prerequisites();
        var targets = Targets();
        if (fallthrough is null)
        {
            return null;
        }

        return new FlagDefinition
        {
            Key = key,
            Type = type.Value,
            Variations = variations.Select((v, i) => new VariationDefinition(i.ToString(CultureInfo.InvariantCulture), v.Clone())).ToList(),
            Enabled = JsonValues.IsTrue(flag, "on"),
            OffVariation = off,
            Salt = salt,
            ContextKinds = true,
            Prerequisites = prerequisites,
            Targets = targets,
            Rules = rules,
            Fallthrough = fallthrough,
        };
    }

    /// <summary>A flag of the file data source's <c>flagValues</c>: on, one variation, served to everyone.</summary>
    public static FlagDefinition? FromValue(string key, JsonElement value, string path, Refusals refusals)
    {
        var translator = new LaunchDarklyFlagTranslator(key, value, path, [], refusals);
        if (!Refusals.IsKey(key))
        {
            return refusals.Refuse<FlagDefinition>(path, $"'{key}' is not a Vexil flag key");
        }

        var type = translator.TypeOf([value], path);
        return type is null ? null : new FlagDefinition
        {
            Key = key,
            Type = type.Value,
            Variations = [new VariationDefinition("0", value.Clone())],
            Enabled = true,
            Salt = key + ".",
            ContextKinds = true,
            Fallthrough = ServeDefinition.Of("0"),
        };
    }

    private FlagValueType? TypeOf(JsonElement[] variations, string at)
    {
        if (variations.Length == 0)
        {
            refusals.Add(at, "a flag needs at least one variation");
            return null;
        }

        FlagValueType? type = null;
        for (var i = 0; i < variations.Length; i++)
        {
            FlagValueType? kind = variations[i].ValueKind switch
            {
                JsonValueKind.True or JsonValueKind.False => FlagValueType.Boolean,
                JsonValueKind.String => FlagValueType.String,
                JsonValueKind.Number => FlagValueType.Number,
                JsonValueKind.Object or JsonValueKind.Array => FlagValueType.Object,
                _ => null,
            };
            if (kind is null || (type is not null && kind != type))
            {
                refusals.Add(Refusals.Index(at, i), kind is null
                    ? "a null variation has no native form (a native flag's variations are all of one type)"
                    : "the variations are of different JSON types; a native flag's variations are all of one type");
                return null;
            }

            type = kind;
        }

        return type;
    }

    private string? Variation(JsonElement element, string at)
    {
        if (JsonValues.TryInt(element, out var index) && index >= 0 && index < _variationCount)
        {
            return index.ToString(CultureInfo.InvariantCulture);
        }

        return refusals.Refuse<string>(at, $"not the index of one of the flag's {_variationCount} variations (LaunchDarkly answers an error there)");
    }

    private List<PrerequisiteDefinition> Prerequisites()
    {
        var result = new List<PrerequisiteDefinition>();
        var items = JsonValues.Array(flag, "prerequisites");
        for (var i = 0; i < items.Length; i++)
        {
            var at = Refusals.Index(Refusals.Property(path, "prerequisites"), i);
            var prerequisite = JsonValues.String(items[i], "key");
            var target = flags.FindIndex(f => f.Key == prerequisite);
            if (target < 0)
            {
                refusals.Add(Refusals.Property(at, "key"), $"the prerequisite '{prerequisite}' is not in the document (LaunchDarkly then serves the off variation); import it too");
                continue;
            }

            var count = JsonValues.Array(flags[target].Element, "variations").Length;
            if (!JsonValues.TryGet(items[i], "variation", out var variation) || !JsonValues.TryInt(variation, out var index) || index < 0 || index >= count)
            {
                // No variation of the prerequisite can meet it: a prerequisite that is never met.
                result.Add(new PrerequisiteDefinition(prerequisite!, "0", []));
                continue;
            }

            result.Add(new PrerequisiteDefinition(prerequisite!, index.ToString(CultureInfo.InvariantCulture)));
        }

        return result;
    }

    private List<TargetDefinition> Targets()
    {
        // LaunchDarkly's order: with context targets, theirs (a user-kind one stands for the user target of its variation); else the user targets.
        var users = JsonValues.Array(flag, "targets");
        var contexts = JsonValues.Array(flag, "contextTargets");
        var result = new List<TargetDefinition>();
        if (contexts.Length == 0)
        {
            for (var i = 0; i < users.Length; i++)
            {
                Add(users[i], "user", Refusals.Index(Refusals.Property(path, "targets"), i));
            }

            return result;
        }

        for (var i = 0; i < contexts.Length; i++)
        {
            var at = Refusals.Index(Refusals.Property(path, "contextTargets"), i);
            var kind = JsonValues.String(contexts[i], "contextKind") ?? "user";
            if (kind != "user")
            {
                Add(contexts[i], kind, at);
                continue;
            }

            JsonValues.TryGet(contexts[i], "variation", out var variation);
            var user = Array.FindIndex(users, u => JsonValues.TryGet(u, "variation", out var v) && v.ValueKind == JsonValueKind.Number && variation.ValueKind == JsonValueKind.Number && v.GetDouble() == variation.GetDouble());
            if (user >= 0)
            {
                Add(users[user], "user", Refusals.Index(Refusals.Property(path, "targets"), user));
            }
        }

        return result;

        void Add(JsonElement target, string kind, string at)
        {
            if (!JsonValues.TryGet(target, "variation", out var variation) || Variation(variation, Refusals.Property(at, "variation")) is not { } key)
            {
                return;
            }

            var values = JsonValues.Array(target, "values").Where(v => v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0).Select(v => v.GetString()!).ToList();
            if (values.Count > 0)
            {
                result.Add(new TargetDefinition(key, values, kind));
            }
        }
    }

    private static string UniqueId(HashSet<string> ids, int index)
    {
        var id = "rule-" + (index + 1).ToString(CultureInfo.InvariantCulture);
        for (var n = 2; !ids.Add(id); n++)
        {
            id = "rule-" + (index + 1).ToString(CultureInfo.InvariantCulture) + "-" + n.ToString(CultureInfo.InvariantCulture);
        }

        return id;
    }
}
