namespace Vexil.Hosting.Delivery;

/// <summary>Where <c>/sdk/v1/client-keys</c> finds an environment's client keys: the store (control plane) or what an edge learnt from its upstream.</summary>
internal interface IClientKeySource
{
    /// <summary>The environment's active client keys; null when none are known yet (an edge before its upstream answered).</summary>
    ValueTask<ClientKeyDocument?> GetAsync(long environmentId, CancellationToken cancellationToken);
}
