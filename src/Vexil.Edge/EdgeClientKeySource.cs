using Vexil.Hosting.Delivery;

namespace Vexil.Edge;

/// <summary>The client keys an edge serves downstream (to a second-tier edge): the upstream's document, byte for byte.</summary>
internal sealed class EdgeClientKeySource(EdgeEnvironments environments) : IClientKeySource
{
    public ValueTask<ClientKeyDocument?> GetAsync(long environmentId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(environmentId >= 1 && environmentId <= environments.All.Count ? environments.All[(int)environmentId - 1].ClientKeys : null);
}
