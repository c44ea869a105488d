namespace Vexil.Server.Observability;

/// <summary>The control plane serves from its store: ready once the host has started (the store is migrated before that).</summary>
internal sealed class ControlPlaneReadiness(IHostApplicationLifetime lifetime) : IReadinessProbe
{
    public ReadinessReport Check() =>
        new(lifetime.ApplicationStarted.IsCancellationRequested ? "ready" : "unavailable", []);
}
