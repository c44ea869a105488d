using System.Security.Claims;
using Vexil.Server.Auth;

namespace Vexil.Server.Ofrep;

/// <summary>Stream tokens on the control plane: the key is found in the store by its hash prefix.</summary>
internal sealed class ControlPlaneStreamCallers(AuthStore store, TimeProvider time) : IOfrepStreamCallers
{
    public async ValueTask<IReadOnlyList<Claim>?> ResolveAsync(string hashPrefix, string mac, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var (key, hash) in await store.FindSdkKeysByHashPrefixAsync(hashPrefix, cancellationToken))
        {
            if (key.IsActive(now) && OfrepStreamToken.Matches(hash, mac))
            {
                return AdminRoleClaims.For(key, hash);
            }
        }

        return null;
    }
}
