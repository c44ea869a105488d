using Microsoft.FeatureManagement;
using Vexil.Core.Evaluation;

namespace Vexil.Sdk.AspNetCore.FeatureManagement;

/// <summary>
/// Exposes every Vexil boolean flag as a Microsoft.FeatureManagement feature enabled by the
/// <see cref="VexilFeatureFilter"/>, so <c>IFeatureManager.IsEnabledAsync</c>, <c>[FeatureGate]</c> and the
/// <c>&lt;feature&gt;</c> tag helper evaluate Vexil flags. Flags that do not exist (or are not boolean) are missing
/// features, which Microsoft.FeatureManagement treats as disabled.
/// </summary>
public sealed class VexilFeatureDefinitionProvider(VexilClient client, Microsoft.Extensions.Options.IOptions<VexilFeatureManagementOptions>? options = null) : IFeatureDefinitionProvider
{
    private static readonly FeatureFilterConfiguration[] VexilFilter = [new() { Name = VexilFeatureFilter.Alias }];
    private readonly bool _telemetry = options?.Value.TelemetryEnabled == true;

    /// <inheritdoc />
    public Task<FeatureDefinition> GetFeatureDefinitionAsync(string featureName) =>
        Task.FromResult(client.Ruleset.TryGetFlag(featureName, out var flag) && flag.Type == FlagValueType.Boolean ? Define(featureName) : null!);

    /// <inheritdoc />
    public async IAsyncEnumerable<FeatureDefinition> GetAllFeatureDefinitionsAsync()
    {
        foreach (var flag in client.Ruleset.Flags.Values)
        {
            if (flag.Type == FlagValueType.Boolean)
            {
                yield return Define(flag.Key);
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    // With telemetry on, Microsoft.FeatureManagement publishes each evaluation of the feature (its TelemetryEnabled).
    private FeatureDefinition Define(string name) =>
        new() { Name = name, EnabledFor = VexilFilter, Telemetry = _telemetry ? new TelemetryConfiguration { Enabled = true } : new TelemetryConfiguration() };
}
