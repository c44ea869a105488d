using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Vexil.Core.Evaluation;
using Vexil.Server.Ofrep.Usage;
using Vexil.Server.Snapshots;

namespace Vexil.Server.Ofrep;

/// <summary>
/// The control plane's OFREP rulesets: the compiled ruleset of the SDK key's environment. A minimum version is
/// waited for on the environment's delivery feed, as <c>/sdk/v1/ruleset</c> does. Every evaluation is counted for the
/// environment's usage.
/// </summary>
internal sealed class ControlPlaneOfrepSource(EnvironmentSnapshots snapshots, IDeliverySource delivery, ControlPlaneEvaluationSummaries summaries, IOptions<DeliveryOptions> options, TimeProvider time) : IOfrepRulesetSource
{
    public async ValueTask<OfrepTarget> GetAsync(ClaimsPrincipal caller, long? minVersion, CancellationToken cancellationToken)
    {
        var environment = caller.EnvironmentOf()!.Value;
        if (minVersion is { } min && await delivery.GetFeedAsync(environment, cancellationToken) is { } feed)
        {
            await feed.WaitForVersionAsync(min, options.Value.MinVersionWait, time, cancellationToken);
        }

        var ruleset = (await snapshots.GetAsync(environment, cancellationToken))?.Compiled ?? CompiledRuleset.Empty;
        return new OfrepTarget(environment.ToString(CultureInfo.InvariantCulture), ruleset) { Recorder = summaries.For(environment) };
    }
}
