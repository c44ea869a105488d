using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;

namespace Vexil.Sdk.AspNetCore.FeatureManagement;

/// <summary>Variant gates for minimal APIs (<see cref="WithVariantGate"/>) and the check <see cref="VariantFeatureGateAttribute"/> shares.</summary>
public static class VariantGate
{
    /// <summary>
    /// Lets requests reach the endpoint only when <paramref name="feature"/>'s assigned variant is one of
    /// <paramref name="variants"/>; otherwise 404.
    /// </summary>
    public static TBuilder WithVariantGate<TBuilder>(this TBuilder builder, string feature, params string[] variants)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(feature);
        if (variants is null || variants.Length == 0)
        {
            throw new ArgumentException("Name at least one variant.", nameof(variants));
        }

        builder.AddEndpointFilter(async (context, next) =>
        {
            var manager = context.HttpContext.RequestServices.GetRequiredService<IVariantFeatureManagerSnapshot>();
            return await AllowsAsync(manager, feature, variants, context.HttpContext.RequestAborted).ConfigureAwait(false)
                ? await next(context).ConfigureAwait(false)
                : TypedResults.NotFound();
        });
        return builder;
    }

    internal static async Task<bool> AllowsAsync(IVariantFeatureManager manager, string feature, IReadOnlyList<string> variants, CancellationToken cancellationToken)
    {
        var variant = await manager.GetVariantAsync(feature, cancellationToken).ConfigureAwait(false);
        if (variant?.Name is not { } name)
        {
            return false;
        }

        foreach (var allowed in variants)
        {
            if (string.Equals(allowed, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
