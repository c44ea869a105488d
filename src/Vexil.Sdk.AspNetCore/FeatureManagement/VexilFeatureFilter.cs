using Microsoft.FeatureManagement;

namespace Vexil.Sdk.AspNetCore.FeatureManagement;

/// <summary>
/// The "Vexil" feature filter: evaluates the feature's Vexil boolean flag with the context of the current operation
/// (from <see cref="IVexilContextAccessor"/>, by default the request's user).
/// </summary>
[FilterAlias(Alias)]
public sealed class VexilFeatureFilter(VexilClient client, IVexilContextAccessor contextAccessor) : IFeatureFilter
{
    /// <summary>The filter's name in feature definitions.</summary>
    public const string Alias = "Vexil";

    /// <inheritdoc />
    public Task<bool> EvaluateAsync(FeatureFilterEvaluationContext context) =>
        Task.FromResult(client.GetBoolean(context.FeatureName, false, contextAccessor.GetContext()));
}
