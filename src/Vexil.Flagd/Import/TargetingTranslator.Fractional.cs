using System.Globalization;
using System.Text.Json;
using Vexil.Core.Bucketing;
using Vexil.Core.Model;
using Vexil.Flagd.Bucketing;

namespace Vexil.Flagd.Import;

internal sealed partial class TargetingTranslator
{
    /// <summary>
    /// <c>fractional</c> as a rollout with <c>flagd-fractional-v2</c>. The bucketing value: none (the flag key then the
    /// targeting key), <c>{"var": x}</c> (x alone) or <c>{"cat": [prefix, {"var": x}]}</c> (the prefix, a string or
    /// <c>$flagd.flagKey</c>, becomes the flag's salt). Buckets are constant variant names with constant integer weights
    /// whose boundaries scale to 100,000 exactly.
    /// </summary>
    private bool Fractional(JsonElement[] args, string path, IReadOnlyList<ClauseDefinition> prefix)
    {
        var first = 0;
        string salt = flagKey;
        string bucketBy = "targetingKey";
        var exhaustive = false;
        if (args.Length > 0 && args[0].ValueKind != JsonValueKind.Array)
        {
            first = 1;
            if (!TryBucketingValue(args[0], $"{path}[0]", out salt, out bucketBy, out exhaustive))
            {
                return true;
            }
        }

        var buckets = new List<(string Variant, long Weight)>();
        for (var i = first; i < args.Length; i++)
        {
            var bucketPath = $"{path}[{i}]";
            var bucket = args[i];
            if (bucket.ValueKind != JsonValueKind.Array || bucket.GetArrayLength() is < 1 or > 2)
            {
                return Fail(bucketPath, "a bucket must be [variant] or [variant, weight]");
            }

            var variant = bucket[0];
            if (variant.ValueKind is not (JsonValueKind.String or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number))
            {
                return Fail($"{bucketPath}[0]", "a bucket's variant must be a constant variant name to be imported");
            }

            long weight = 1;
            if (bucket.GetArrayLength() == 2)
            {
                if (bucket[1].ValueKind != JsonValueKind.Number || !bucket[1].TryGetInt64(out weight))
                {
                    return Fail($"{bucketPath}[1]", "a bucket's weight must be a constant integer to be imported");
                }
            }

            if (VariantName(variant, $"{bucketPath}[0]") is not { } name)
            {
                return true;
            }

            weight = Math.Max(0, weight);
            if (buckets.Count > 0 && buckets[^1].Variant == name)
            {
                buckets[^1] = (name, buckets[^1].Weight + weight);
            }
            else if (weight > 0 && buckets.Any(b => b.Variant == name && b.Weight > 0))
            {
                return Fail(bucketPath, $"the variant '{name}' has two separate buckets; a native rollout gives each variation one share");
            }
            else if (weight > 0)
            {
                buckets.Add((name, weight));
            }
        }

        var total = buckets.Sum(b => b.Weight);
        if (total == 0)
        {
            // flagd yields null: the default variant.
            return false;
        }

        if (total > int.MaxValue)
        {
            return Fail(path, "the weights' total exceeds flagd's limit");
        }

        var weights = new List<WeightDefinition>();
        foreach (var (variant, weight) in buckets)
        {
            if (weight * RolloutDefinition.TotalWeight % total != 0)
            {
                var list = string.Join(", ", buckets.Select(b => b.Weight.ToString(CultureInfo.InvariantCulture)));
                return Fail(path, $"weights {list} (total {total}) do not scale to 100,000 exactly, so bucket boundaries would move: use weights whose total divides 100,000 (percentages, say)");
            }

            weights.Add(new WeightDefinition(variant, (int)(weight * RolloutDefinition.TotalWeight / total)));
        }

        if (Salt is not null && Salt != salt)
        {
            return Fail(path, $"this fractional hashes with the prefix '{salt}' and an earlier one with '{Salt}': a native flag has one salt");
        }

        Salt = salt;
        var guard = new ClauseDefinition(bucketBy, "startsWith", [Json("\"\"")]);
        AddRule([.. prefix, guard], new ServeDefinition(null, new RolloutDefinition(weights, bucketBy, FlagdFractionalBucketing.AlgorithmName)), path);
        if (exhaustive)
        {
            // With cat, flagd-core writes a missing or null attribute as "null": its bucket is fixed, so one variation serves it.
            var bucket = FractionalBucketer.Bucket(FractionalBucketer.Hash(salt, "null"), (ulong)total);
            long cumulative = 0;
            foreach (var (variant, weight) in buckets)
            {
                cumulative += weight;
                if ((long)bucket < cumulative)
                {
                    AddRule(prefix, ServeDefinition.Of(variant), path);
                    break;
                }
            }
        }

        return exhaustive;
    }

    private bool TryBucketingValue(JsonElement node, string path, out string salt, out string bucketBy, out bool exhaustive)
    {
        salt = string.Empty;
        bucketBy = string.Empty;
        exhaustive = false;
        if (node.ValueKind == JsonValueKind.Object && TryOperator(node, out var op, out var args))
        {
            if (op == "var" && ConditionTranslator.VarName(args) is { } name && !name.StartsWith('$'))
            {
                bucketBy = name;
                return true;
            }

            var parts = Arguments(args);
            if (op == "cat" && parts.Length == 2 && parts[1].ValueKind == JsonValueKind.Object
                && TryOperator(parts[1], out var varOp, out var varArgs) && varOp == "var"
                && ConditionTranslator.VarName(varArgs) is { } attribute && !attribute.StartsWith('$'))
            {
                if (parts[0].ValueKind == JsonValueKind.String)
                {
                    salt = parts[0].GetString()!;
                }
                else if (parts[0].ValueKind == JsonValueKind.Object && TryOperator(parts[0], out var saltOp, out var saltArgs)
                    && saltOp == "var" && ConditionTranslator.VarName(saltArgs) == "$flagd.flagKey")
                {
                    salt = flagKey;
                }
                else
                {
                    Fail($"{path}.cat[0]", "the bucketing prefix must be a string or {\"var\": \"$flagd.flagKey\"} to be imported");
                    return false;
                }

                bucketBy = attribute;
                exhaustive = true;
                return true;
            }
        }

        Fail(path, "the bucketing value must be {\"var\": attribute} or {\"cat\": [prefix, {\"var\": attribute}]} to be imported");
        return false;
    }

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
