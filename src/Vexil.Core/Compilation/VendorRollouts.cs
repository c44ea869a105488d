using Vexil.Core.Bucketing;
using Vexil.Core.Context;

namespace Vexil.Core.Compilation;

/// <summary>
/// <c>launchdarkly-v1</c>: LaunchDarkly's rollouts and experiments. Every listed weight is kept, in order (the walk's
/// last entry takes any remainder); a context without a bucketable value, or without the kind, has bucket 0.
/// </summary>
internal sealed class LaunchDarklyRollout(LaunchDarklyAttribute bucketBy, string kind, string salt, int[] weights, int[] variations) : CompiledRollout
{
    public override bool TryChoose(EvaluationContext context, out int variation, out int bucket)
    {
        var value = LaunchDarklyValues.Bucket(context, bucketBy, kind, salt);
        variation = variations[LaunchDarklyBucketing.Choose(value, weights)];
        bucket = (int)Math.Min(value * 100000, 99999);
        return true;
    }
}

/// <summary>
/// <c>unleash-variant-v1</c>: Unleash's variants: <c>b = hash % n</c> (seed 86028157), n the total weight; the
/// variation whose cumulative weight W (units of 0.001%, ⌊C × 100000 / n⌋ for Unleash's cumulative weight C) first
/// exceeds it: <c>b × 100000 &lt; W × n</c>, which is exactly <c>b &lt; C</c> for any n up to 100,000.
/// </summary>
internal sealed class UnleashRollout(UnleashStickiness stickiness, string groupId, int bucketCount, int[] upperBounds, int[] variations) : CompiledRollout
{
    public override bool TryChoose(EvaluationContext context, out int variation, out int bucket)
    {
        Span<char> buffer = stackalloc char[JsString.BufferLength];
        if (!stickiness.TryGetValue(context, buffer, out var value))
        {
            variation = -1;
            bucket = -1;
            return false;
        }

        var b = UnleashBucketing.Normalize(UnleashBucketing.Hash(groupId, value, UnleashBucketing.VariantSeed), bucketCount) - 1;
        bucket = (int)((long)b * BucketingAlgorithm.BucketCount / bucketCount);
        for (var i = 0; i < upperBounds.Length; i++)
        {
            if ((long)b * BucketingAlgorithm.BucketCount < (long)upperBounds[i] * bucketCount)
            {
                variation = variations[i];
                return true;
            }
        }

        variation = variations[^1];
        return true;
    }
}
