using Vexil.Server.Observability;

namespace Vexil.Server.Serve;

/// <summary><c>ready</c> once the flag files have loaded (a rejected reload keeps the last good ruleset, so stays ready); <c>unavailable</c> before.</summary>
internal sealed class ServeReadiness(FlagFileRuleset ruleset) : IReadinessProbe
{
    public ReadinessReport Check() => ruleset.Current is { } current
        ? new ReadinessReport("ready", [new EnvironmentReadiness(FlagFileRuleset.Scope, current.Version, false, null, "files")])
        : new ReadinessReport("unavailable", []);
}
