using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;

namespace Vexil.Sdk.AspNetCore.FeatureManagement;

/// <summary>
/// Gates a controller or action on a feature's variant: it runs only when the feature's assigned variant (from
/// <see cref="IVariantFeatureManagerSnapshot"/>, Vexil's variation for the request's user) is one of
/// <see cref="Variants"/>; otherwise the answer is 404, as <c>[FeatureGate]</c> answers for a disabled feature.
/// Microsoft.FeatureManagement 4's <c>[FeatureGate]</c> takes feature names only; this is its variant-aware twin.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class VariantFeatureGateAttribute : ActionFilterAttribute
{
    /// <summary>Requires <paramref name="feature"/>'s variant to be one of <paramref name="variants"/>.</summary>
    public VariantFeatureGateAttribute(string feature, params string[] variants)
    {
        ArgumentException.ThrowIfNullOrEmpty(feature);
        if (variants is null || variants.Length == 0)
        {
            throw new ArgumentException("Name at least one variant.", nameof(variants));
        }

        Feature = feature;
        Variants = variants;
    }

    /// <summary>The feature whose variant is checked.</summary>
    public string Feature { get; }

    /// <summary>The variants that let the request through.</summary>
    public IReadOnlyList<string> Variants { get; }

    /// <inheritdoc />
    public override async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var manager = context.HttpContext.RequestServices.GetRequiredService<IVariantFeatureManagerSnapshot>();
        if (await VariantGate.AllowsAsync(manager, Feature, Variants, context.HttpContext.RequestAborted).ConfigureAwait(false))
        {
            await next().ConfigureAwait(false);
            return;
        }

        context.Result = new NotFoundResult();
    }
}
