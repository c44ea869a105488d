using Vexil.Hosting.Ofrep;

namespace Vexil.Edge;

/// <summary>The origins of the client keys this edge holds (they travel with the key hashes).</summary>
internal sealed class EdgeKnownOrigins(EdgeEnvironments environments, TimeProvider time) : IKnownOrigins
{
    public ValueTask<bool> IsKnownAsync(string origin, CancellationToken cancellationToken) =>
        ValueTask.FromResult(environments.IsKnownOrigin(origin, time.GetUtcNow()));
}
