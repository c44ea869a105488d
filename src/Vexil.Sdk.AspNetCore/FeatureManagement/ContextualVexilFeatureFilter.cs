using Microsoft.FeatureManagement;
using Vexil.Core.Context;

namespace Vexil.Sdk.AspNetCore.FeatureManagement;

/// <summary>
/// The "Vexil" filter for <c>IFeatureManager.IsEnabledAsync(name, context)</c> with an explicit
/// <see cref="EvaluationContext"/>.
/// </summary>
[FilterAlias(VexilFeatureFilter.Alias)]
public sealed class ContextualVexilFeatureFilter(VexilClient client) : IContextualFeatureFilter<EvaluationContext>
{
    /// <inheritdoc />
    public Task<bool> EvaluateAsync(FeatureFilterEvaluationContext featureFilterContext, EvaluationContext appContext) =>
        Task.FromResult(client.GetBoolean(featureFilterContext.FeatureName, false, appContext));
}
