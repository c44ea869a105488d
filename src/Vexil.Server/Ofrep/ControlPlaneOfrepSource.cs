using System.Globalization;
using System.Security.Claims;
using Vexil.Core.Evaluation;
using Vexil.Server.Auth;
using Vexil.Server.Sdk;

namespace Vexil.Server.Ofrep;

/// <summary>The control plane's OFREP rulesets: the compiled ruleset of the SDK key's environment.</summary>
internal sealed class ControlPlaneOfrepSource(CompiledRulesetCache cache) : IOfrepRulesetSource
{
    public async ValueTask<OfrepTarget> GetAsync(ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var environment = caller.EnvironmentOf()!.Value;
        var ruleset = await cache.GetAsync(environment, cancellationToken) ?? CompiledRuleset.Empty;
        return new OfrepTarget(environment.ToString(CultureInfo.InvariantCulture), ruleset);
    }
}
