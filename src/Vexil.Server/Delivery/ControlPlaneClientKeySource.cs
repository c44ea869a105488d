
using Vexil.Server.Auth;

namespace Vexil.Server.Delivery;

/// <summary>The control plane's client keys: read from the store on each request (edges poll with ETags; a 304 still reads).</summary>
internal sealed class ControlPlaneClientKeySource(AuthStore store) : IClientKeySource
{
    public async ValueTask<ClientKeyDocument?> GetAsync(long environmentId, CancellationToken cancellationToken) =>
        ClientKeyDocument.Create(await store.ListActiveClientKeysAsync(environmentId, cancellationToken));
}
