using System.Text.Json;
using Vexil.Core.Model;

namespace Vexil.Importers.Unleash;

/// <summary>
/// Translates Unleash's client features (the answer of <c>/api/client/features</c>: features with strategies,
/// constraints, segments, variants and dependencies) into the flags of one environment, as Unleash's Node SDK
/// evaluates them (docs/migration.md#unleash): a toggle is a boolean flag whose variations are <c>disabled</c>,
/// <c>enabled</c> and one per variant (its payload in the variation's metadata); strategies become rules in order,
/// with <c>unleash-v1</c> percentages and <c>unleash-variant-v1</c> rollouts; constraints become <c>unleash:</c>
/// clauses; segments are inlined; dependencies become prerequisites. What cannot be translated exactly is refused
/// with its path (<c>features[3].strategies[0].constraints[1].operator</c>) and reason.
/// </summary>
public static class UnleashImporter
{
    /// <summary>Translates one document.</summary>
    public static ImportResult Translate(ReadOnlySpan<byte> utf8Json)
    {
        if (SourceDocument.Parse(utf8Json, out var refusal) is not { } document)
        {
            return refusal!;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                return ImportResult.DocumentError(string.Empty, "expected Unleash's client features: an object with a \"features\" array");
            }

            var segments = new Dictionary<double, JsonElement>();
            foreach (var segment in JsonValues.Array(root, "segments"))
            {
                if (JsonValues.TryGet(segment, "id", out var id) && id.ValueKind == JsonValueKind.Number)
                {
                    segments[id.GetDouble()] = segment;
                }
            }

            return Translate([.. features.EnumerateArray()], segments);
        }
    }

    private static ImportResult Translate(JsonElement[] features, Dictionary<double, JsonElement> segments)
    {
        var refusals = new Refusals();
        var refused = new List<string>();
        var drafts = new Dictionary<string, UnleashFeatureTranslator>(StringComparer.Ordinal);
        var order = new List<(string Name, string Path, JsonElement Feature)>();
        for (var i = 0; i < features.Length; i++)
        {
            var path = Refusals.Index("features", i);
            var name = JsonValues.String(features[i], "name");
            if (name is null || drafts.ContainsKey(name) || order.Exists(o => o.Name == name))
            {
                refusals.Add(Refusals.Property(path, "name"), name is null ? "a feature needs a name" : $"'{name}' appears twice");
                continue;
            }

            order.Add((name, path, features[i]));
            var before = refusals.Count;
            var translator = new UnleashFeatureTranslator(name, features[i], path, segments, refusals);
            if (translator.Translate() && refusals.Count == before)
            {
                drafts[name] = translator;
            }
            else
            {
                refused.Add(name);
            }
        }

        var flags = new List<(FlagDefinition Flag, string Path)>();
        foreach (var (name, path, feature) in order)
        {
            if (!drafts.TryGetValue(name, out var draft))
            {
                continue;
            }

            var before = refusals.Count;
            var prerequisites = UnleashDependencies.Translate(feature, path, drafts, features, refusals, out var neverMet);
            if (prerequisites is null || refusals.Count != before)
            {
                refused.Add(name);
                continue;
            }

            var flag = draft.Flag! with { Prerequisites = prerequisites };
            if (neverMet)
            {
                // A first rule that always serves disabled: exact, and it says why.
                var never = new RuleDefinition("dependency-never-met", [], ServeDefinition.Of(UnleashVariations.Disabled),
                    "Unleash never enables this feature: a parent it depends on is not in the document or has dependencies of its own.");
                flag = flag with { Rules = [never, .. flag.Rules.Where(r => r.Id != never.Id)] };
            }

            flags.Add((flag, path));
        }

        var kept = PrerequisiteClosure.Close(flags, new HashSet<string>(), _ => [], refusals, refused);
        return new ImportResult(kept, [], refusals.All, refused);
    }
}
