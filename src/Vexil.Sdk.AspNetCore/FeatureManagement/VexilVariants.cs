using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.FeatureManagement;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;

namespace Vexil.Sdk.AspNetCore.FeatureManagement;

/// <summary>
/// A Vexil flag's variation as a Microsoft.FeatureManagement <see cref="Variant"/>: the variation's key and its value
/// as a configuration section (<c>{"value": …}</c>'s <c>value</c>). Variants are built once per flag version and
/// variation, then shared.
/// </summary>
internal static class VexilVariants
{
    private static readonly ConcurrentDictionary<(string Flag, long Version, string Variation), Variant> Cache = new();

    public static Evaluated? Evaluate(VexilClient client, string feature, EvaluationContext context)
    {
        if (!client.Ruleset.TryGetFlag(feature, out var flag))
        {
            return null;
        }

        var (key, reason, version, value) = flag.Type switch
        {
            FlagValueType.Boolean => Of(client.GetBooleanDetails(feature, false, context), FlagValue.Of),
            FlagValueType.String => Of(client.GetStringDetails(feature, string.Empty, context), FlagValue.Of),
            FlagValueType.Number => Of(client.GetNumberDetails(feature, 0, context), FlagValue.Of),
            _ => Of(client.GetObjectDetails(feature, default, context), FlagValue.OfObject),
        };
        if (key is null)
        {
            return new Evaluated(null, reason, version);
        }

        if (Cache.Count > 10_000)
        {
            Cache.Clear(); // old flag versions: rebuilt on demand
        }

        var variant = Cache.GetOrAdd((feature, version, key), static (k, v) => Build(k.Variation, v), value);
        return new Evaluated(variant, reason, version);
    }

    private static (string? Key, EvaluationReason Reason, long Version, FlagValue Value) Of<T>(EvaluationDetail<T> detail, Func<T, FlagValue> value) =>
        (detail.VariationKey, detail.Reason, detail.FlagVersion, detail.VariationKey is null ? default : value(detail.Value));

    private static Variant Build(string name, FlagValue value)
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("value");
            value.WriteTo(writer);
            writer.WriteEndObject();
        }

        json.Position = 0;
        var configuration = new ConfigurationBuilder().AddJsonStream(json).Build();
        return new Variant { Name = name, Configuration = configuration.GetSection("value") };
    }

    /// <summary>The variant (null when the flag serves no variation), Vexil's reason and the flag's version.</summary>
    public readonly record struct Evaluated(Variant? Variant, EvaluationReason Reason, long FlagVersion);
}
