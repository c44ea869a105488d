using System.Globalization;
using System.Text.Json;
using Vexil.Core.Bucketing;
using Vexil.Core.Model;
using Vexil.Core.Operators;

namespace Vexil.Importers.LaunchDarkly;

/// <summary>
/// Translates what a rule or the fallthrough serves: a variation, or a rollout (<c>launchdarkly-v1</c>) with its
/// kind, bucketBy (an experiment always buckets by key) and seed (which replaces <c>key.salt</c>, as the Node SDK
/// reads it: a seed of 0 is no seed). The walk's last entry takes LaunchDarkly's remainder, so its weight is set to
/// what completes 100,000.
/// </summary>
internal sealed class LaunchDarklyRolloutTranslator(int variationCount, Refusals refusals)
{
    public ServeDefinition? Serve(JsonElement element, string path)
    {
        if (JsonValues.TryGet(element, "variation", out var variation))
        {
            return JsonValues.TryInt(variation, out var index) && index >= 0 && index < variationCount
                ? ServeDefinition.Of(index.ToString(CultureInfo.InvariantCulture))
                : refusals.Refuse<ServeDefinition>(Refusals.Property(path, "variation"), $"not the index of one of the flag's {variationCount} variations");
        }

        if (!JsonValues.TryGet(element, "rollout", out var rollout))
        {
            return refusals.Refuse<ServeDefinition>(path, "neither a variation nor a rollout (an error in LaunchDarkly)");
        }

        var at = Refusals.Property(path, "rollout");
        var entries = JsonValues.Array(rollout, "variations");
        if (entries.Length == 0)
        {
            return refusals.Refuse<ServeDefinition>(Refusals.Property(at, "variations"), "a rollout without variations is an error in LaunchDarkly");
        }

        var weights = new List<WeightDefinition>();
        long before = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            var entryPath = Refusals.Index(Refusals.Property(at, "variations"), i);
            if (!JsonValues.TryGet(entries[i], "variation", out var v) || !JsonValues.TryInt(v, out var index) || index < 0 || index >= variationCount)
            {
                return refusals.Refuse<ServeDefinition>(Refusals.Property(entryPath, "variation"), $"not the index of one of the flag's {variationCount} variations");
            }

            if (!JsonValues.TryGet(entries[i], "weight", out var w) || !JsonValues.TryInt(w, out var weight) || weight < 0)
            {
                return refusals.Refuse<ServeDefinition>(Refusals.Property(entryPath, "weight"), "a weight must be a non-negative integer");
            }

            var key = index.ToString(CultureInfo.InvariantCulture);
            if (weights.Exists(x => x.Variation == key))
            {
                return refusals.Refuse<ServeDefinition>(Refusals.Property(entryPath, "variation"), "the same variation twice in one rollout has no native form");
            }

            if (i < entries.Length - 1)
            {
                before += weight;
            }

            weights.Add(new WeightDefinition(key, weight));
        }

        if (before > RolloutDefinition.TotalWeight)
        {
            return refusals.Refuse<ServeDefinition>(Refusals.Property(at, "variations"), "the weights before the last one exceed 100,000 (100%)");
        }

        // The last entry takes whatever the walk leaves: its own weight never decides.
        weights[^1] = weights[^1] with { Weight = (int)(RolloutDefinition.TotalWeight - before) };
        var experiment = JsonValues.String(rollout, "kind") == "experiment";
        var kind = JsonValues.String(rollout, "contextKind");
        var bucketBy = experiment ? "key" : LaunchDarklyClauseTranslator.Reference(JsonValues.String(rollout, "bucketBy") ?? "key", literal: kind is null);
        if (bucketBy is null)
        {
            return refusals.Refuse<ServeDefinition>(Refusals.Property(at, "bucketBy"), "an invalid attribute reference is an error in LaunchDarkly");
        }

        string? seed = null;
        if (JsonValues.TryGet(rollout, "seed", out var seedElement))
        {
            if (seedElement.ValueKind != JsonValueKind.Number || !double.IsFinite(seedElement.GetDouble()))
            {
                return refusals.Refuse<ServeDefinition>(Refusals.Property(at, "seed"), "a seed must be a number");
            }

            if (seedElement.GetDouble() != 0)
            {
                Span<char> text = stackalloc char[JsNumber.MaxFormattedLength];
                JsNumber.TryFormat(seedElement.GetDouble(), text, out var written);
                seed = new string(text[..written]);
            }
        }

        return new ServeDefinition(null, new RolloutDefinition(weights, bucketBy, LaunchDarklyBucketing.AlgorithmName, kind ?? "user", seed));
    }
}
