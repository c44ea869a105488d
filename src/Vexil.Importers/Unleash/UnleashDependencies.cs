using System.Text.Json;
using Vexil.Core.Model;

namespace Vexil.Importers.Unleash;

/// <summary>
/// Unleash's dependencies as prerequisites on lists of variations, met whatever the parent's state (Unleash's rule):
/// <c>enabled: false</c> wants <c>disabled</c>; listed variants want those (Unleash's <c>disabled</c> with the parent
/// enabled is the <c>enabled</c> variation); otherwise any variation whose value is true.
/// </summary>
internal static class UnleashDependencies
{
    /// <summary>
    /// The prerequisites; <paramref name="neverMet"/> when Unleash can never satisfy a dependency (its parent is not in
    /// the document, or has dependencies of its own): such a feature is never enabled.
    /// </summary>
    public static List<PrerequisiteDefinition>? Translate(JsonElement feature, string path, Dictionary<string, UnleashFeatureTranslator> drafts, JsonElement[] features, Refusals refusals, out bool neverMet)
    {
        neverMet = false;
        var result = new List<PrerequisiteDefinition>();
        var items = JsonValues.Array(feature, "dependencies");
        for (var i = 0; i < items.Length; i++)
        {
            var at = Refusals.Index(Refusals.Property(path, "dependencies"), i);
            var parent = JsonValues.String(items[i], "feature");
            var raw = Array.Find(features, f => JsonValues.String(f, "name") == parent);
            if (parent is null || raw.ValueKind == JsonValueKind.Undefined || JsonValues.Array(raw, "dependencies").Length > 0)
            {
                // Unleash never enables this feature: a missing parent, or one with dependencies of its own.
                neverMet = true;
                return [];
            }

            if (!drafts.TryGetValue(parent, out var draft))
            {
                return refusals.Refuse<List<PrerequisiteDefinition>>(Refusals.Property(at, "feature"), $"the parent '{parent}' was refused");
            }

            List<string> anyOf;
            if (JsonValues.TryGet(items[i], "enabled", out var enabled) && enabled.ValueKind == JsonValueKind.False)
            {
                anyOf = [UnleashVariations.Disabled];
            }
            else if (JsonValues.Array(items[i], "variants") is { Length: > 0 } variants)
            {
                anyOf = [];
                foreach (var variant in variants)
                {
                    var name = variant.ValueKind == JsonValueKind.String ? variant.GetString() : null;
                    var key = name == UnleashVariations.Disabled ? UnleashVariations.Enabled : name;
                    if (key is not null && draft.Variations.EnabledKeys.Contains(key) && !anyOf.Contains(key))
                    {
                        anyOf.Add(key);
                    }
                }
            }
            else
            {
                anyOf = [.. draft.Variations.EnabledKeys];
            }

            result.Add(new PrerequisiteDefinition(parent, anyOf.Count > 0 ? anyOf[0] : string.Empty, anyOf));
        }

        return result;
    }
}
