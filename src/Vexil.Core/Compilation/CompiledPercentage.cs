using Vexil.Core.Bucketing;
using Vexil.Core.Compilation.Clauses;
using Vexil.Core.Context;
using Vexil.Core.Operators;

namespace Vexil.Core.Compilation;

/// <summary>
/// A rule's percentage (docs/flag-format.md#percentages), compiled as the last clause of its rule: the context is
/// included when its bucket is below the weight.
/// </summary>
internal abstract class CompiledPercentage : Clause
{
}

/// <summary>
/// <c>launchdarkly-v1</c>: LaunchDarkly's weighted segment rules, <c>bucket &lt; weight / 100000.0</c> in doubles;
/// a context without a bucketable value has bucket 0.
/// </summary>
internal sealed class LaunchDarklyPercentage(LaunchDarklyAttribute bucketBy, string kind, string salt, int weight) : CompiledPercentage
{
    public override bool Matches(EvaluationContext context) => LaunchDarklyValues.Bucket(context, bucketBy, kind, salt) < weight / 100000.0;
}

/// <summary>
/// <c>unleash-v1</c>: Unleash's strategy rollouts, <c>hash % 100 + 1 ≤ percentage</c>, i.e.
/// <c>(hash % 100) × 1000 &lt; weight</c>; <c>$uniform</c> draws <c>Math.floor(Math.random() × 100) + 1</c> instead
/// (gradualRolloutRandom).
/// </summary>
internal sealed class UnleashPercentage(UnleashStickiness? stickiness, string groupId, int weight) : CompiledPercentage
{
    public override bool Matches(EvaluationContext context)
    {
        if (stickiness is null)
        {
            return System.Random.Shared.Next(100) * 1000 < weight;
        }

        Span<char> buffer = stackalloc char[JsString.BufferLength];
        if (!stickiness.TryGetValue(context, buffer, out var value))
        {
            return false;
        }

        var normalized = UnleashBucketing.Normalize(UnleashBucketing.Hash(groupId, value, 0), 100);
        return (normalized - 1) * 1000 < weight;
    }
}

/// <summary>LaunchDarkly's value for bucketing: a string, or an integer number as JavaScript writes it; else none.</summary>
internal static class LaunchDarklyValues
{
    public static double Bucket(EvaluationContext context, LaunchDarklyAttribute bucketBy, string kind, string salt)
    {
        if (bucketBy.IsKind || !ContextKinds.TryGetKind(context, kind, out var view) || !bucketBy.TryResolve(view, out var value))
        {
            return 0;
        }

        if (value.TryGetString(out var text))
        {
            return LaunchDarklyBucketing.Bucket(salt, text);
        }

        if (value.Kind == ContextValueKind.Number && JsNumber.IsInteger(value.AsNumber))
        {
            Span<char> number = stackalloc char[JsNumber.MaxFormattedLength];
            JsNumber.TryFormat(value.AsNumber, number, out var written);
            return LaunchDarklyBucketing.Bucket(salt, number[..written]);
        }

        return 0;
    }
}
