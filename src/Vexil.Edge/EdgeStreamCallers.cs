using System.Security.Claims;
using Vexil.Hosting.Ofrep;

namespace Vexil.Edge;

/// <summary>Stream tokens on an edge: the key is one of its server keys or a client key it learnt from its upstream.</summary>
internal sealed class EdgeStreamCallers(EdgeEnvironments environments, TimeProvider time) : IOfrepStreamCallers
{
    public ValueTask<IReadOnlyList<Claim>?> ResolveAsync(string hashPrefix, string mac, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<Claim>?>(environments.FindByHashPrefix(hashPrefix, hash => OfrepStreamToken.Matches(hash, mac), time.GetUtcNow()));
}
