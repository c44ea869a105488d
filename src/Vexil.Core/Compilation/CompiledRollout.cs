using System.Globalization;
using Vexil.Core.Bucketing;
using Vexil.Core.Context;

namespace Vexil.Core.Compilation;

/// <summary>A compiled percentage rollout: chooses a variation for a context.</summary>
internal abstract class CompiledRollout
{
    /// <summary>Chooses a variation; false when the context has nothing to bucket by.</summary>
    public abstract bool TryChoose(EvaluationContext context, out int variation, out int bucket);
}

/// <summary>
/// A rollout of a <see cref="BucketingAlgorithm"/>: cumulative upper bounds over the buckets, in the weights' order,
/// so that widening the first variation's share keeps everyone who already had it.
/// </summary>
internal sealed class BucketedRollout(Bucketer bucketer, AttributePath bucketBy, int[] upperBounds, int[] variations) : CompiledRollout
{
    /// <inheritdoc />
    public override bool TryChoose(EvaluationContext context, out int variation, out int bucket)
    {
        Span<char> number = stackalloc char[32];
        scoped ReadOnlySpan<char> value;
        var attribute = bucketBy.IsTargetingKey ? default : bucketBy.Resolve(context);
        if (bucketer.StringValuesOnly)
        {
            return TryChooseStrict(context, attribute, out variation, out bucket);
        }

        if (attribute.TryGetString(out var text) && text.Length > 0)
        {
            value = text;
        }
        else if (attribute.Kind == ContextValueKind.Number && attribute.AsNumber.TryFormat(number, out var written, "R", CultureInfo.InvariantCulture))
        {
            value = number[..written];
        }
        else if (context.TargetingKey is { } key)
        {
            value = key;
        }
        else
        {
            variation = -1;
            bucket = -1;
            return false;
        }

        bucket = bucketer.Bucket(value);
        for (var i = 0; i < upperBounds.Length; i++)
        {
            if (bucket < upperBounds[i])
            {
                variation = variations[i];
                return true;
            }
        }

        // Unreachable when weights sum to the bucket count (checked at compile time).
        variation = variations[^1];
        return true;
    }

    private bool TryChooseStrict(EvaluationContext context, ContextValue attribute, out int variation, out int bucket)
    {
        string? value = bucketBy.IsTargetingKey ? context.TargetingKey : attribute.TryGetString(out var text) ? text : null;
        if (value is null)
        {
            variation = -1;
            bucket = -1;
            return false;
        }

        bucket = bucketer.Bucket(value);
        for (var i = 0; i < upperBounds.Length; i++)
        {
            if (bucket < upperBounds[i])
            {
                variation = variations[i];
                return true;
            }
        }

        variation = variations[^1];
        return true;
    }
}
