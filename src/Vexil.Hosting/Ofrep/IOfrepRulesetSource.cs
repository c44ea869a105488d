using System.Security.Claims;

namespace Vexil.Hosting.Ofrep;

/// <summary>
/// Where OFREP gets the ruleset a caller evaluates: the control plane's store (by the SDK key's environment) or the
/// flag files of <c>vexil serve</c>.
/// </summary>
internal interface IOfrepRulesetSource
{
    /// <summary>
    /// The caller's ruleset (empty when there is none) and the scope its bulk ETags are named by; with
    /// <paramref name="minVersion"/> (<c>Vexil-Min-Version</c>), after waiting up to the configured bound for that version.
    /// </summary>
    ValueTask<OfrepTarget> GetAsync(ClaimsPrincipal caller, long? minVersion, CancellationToken cancellationToken);
}
