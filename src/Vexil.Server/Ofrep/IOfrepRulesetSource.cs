using System.Security.Claims;

namespace Vexil.Server.Ofrep;

/// <summary>
/// Where OFREP gets the ruleset a caller evaluates: the control plane's store (by the SDK key's environment) or the
/// flag files of <c>vexil serve</c>.
/// </summary>
internal interface IOfrepRulesetSource
{
    /// <summary>The caller's ruleset (empty when there is none) and the scope its bulk ETags are named by.</summary>
    ValueTask<OfrepTarget> GetAsync(ClaimsPrincipal caller, CancellationToken cancellationToken);
}
