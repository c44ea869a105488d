using Vexil.Core.Context;
using Vexil.Flagd.Bucketing;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary>
/// flagd's <c>fractional</c>, bucketing version 2, as flagd-core implements it. The bucketing value is the first
/// argument when it is not a bucket (it must yield a string, else null), otherwise the flag key followed by the
/// targeting key (null without a targeting key). Each bucket is [variant, weight?]: both may be expressions; the
/// weight must be an integer (default 1; negative counts as 0) and the total at most <see cref="int.MaxValue"/>.
/// <c>bucket = (murmur3(value) * total) &gt;&gt; 32</c> picks a bucket by cumulative weight; its variant (a string,
/// number, boolean or null) is the result. Null when the total weight is 0 or anything is malformed.
/// </summary>
internal sealed class FractionalNode(string flagKey, JsonLogicNode? bucketBy, JsonLogicNode[] variants, JsonLogicNode?[] weights) : JsonLogicNode
{
    private const int StackLimit = 64;

    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope)
    {
        uint hash;
        if (bucketBy is null)
        {
            if (scope.Context.TargetingKey is not { } targetingKey)
            {
                return ContextValue.Null;
            }

            hash = FractionalBucketer.Hash(flagKey, targetingKey);
        }
        else if (bucketBy.Evaluate(scope).TryGetString(out var key))
        {
            hash = FractionalBucketer.Hash(key, default);
        }
        else
        {
            return ContextValue.Null;
        }

        Span<ulong> resolved = weights.Length <= StackLimit ? stackalloc ulong[StackLimit] : new ulong[weights.Length];
        resolved = resolved[..weights.Length];
        ulong total = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (!TryResolveWeight(weights[i], scope, out resolved[i]))
            {
                return ContextValue.Null;
            }

            total += resolved[i];
        }

        if (total == 0 || total > int.MaxValue)
        {
            return ContextValue.Null;
        }

        var bucket = FractionalBucketer.Bucket(hash, total);
        ulong cumulative = 0;
        for (var i = 0; i < resolved.Length; i++)
        {
            cumulative += resolved[i];
            if (bucket < cumulative)
            {
                var variant = variants[i].Evaluate(scope);
                return variant.Kind is ContextValueKind.List or ContextValueKind.Object ? ContextValue.Null : variant;
            }
        }

        return ContextValue.Null;
    }

    private static bool TryResolveWeight(JsonLogicNode? node, in JsonLogicScope scope, out ulong weight)
    {
        weight = 1;
        if (node is null)
        {
            return true;
        }

        var value = node.Evaluate(scope);
        var number = value.AsNumber;
        if (value.Kind != ContextValueKind.Number || !double.IsInteger(number))
        {
            return false;
        }

        weight = number <= 0 ? 0 : number > int.MaxValue ? (ulong)int.MaxValue + 1 : (ulong)number;
        return true;
    }
}
