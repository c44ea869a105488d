namespace Vexil.Server.Observability;

/// <summary>The readiness answer: <c>ready</c>, <c>stale</c> (serving a last-known-good ruleset) or <c>unavailable</c>, with per-environment detail.</summary>
internal sealed record ReadinessReport(string Status, IReadOnlyList<EnvironmentReadiness> Environments)
{
    public bool CanServe => Status != "unavailable";

    /// <summary>An edge's event spool and forwarding (absent elsewhere).</summary>
    public EventForwardingReadiness? EventForwarding { get; init; }
}
