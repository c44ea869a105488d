
namespace Vexil.Server.Auth;

/// <summary>
/// The control plane's answer to "which keys with open streams are no longer accepted": each is looked up in the store
/// itself (not the 5-second <see cref="SdkKeyCache"/>), so a key revoked on another replica or past its expiry is found
/// at the next check. One indexed lookup per distinct key with open streams. When one is found, this replica's key
/// cache is cleared too, so no new request is let in on a stale cache entry.
/// </summary>
internal sealed class ControlPlaneStreamKeys(AuthStore store, SdkKeyCache cache, TimeProvider time) : IStreamKeyAuthority
{
    public async ValueTask<IReadOnlyList<string>> FindRefusedAsync(IReadOnlyList<StreamCaller> callers, CancellationToken cancellationToken)
    {
        var refused = new List<string>();
        foreach (var caller in callers)
        {
            var key = await store.FindSdkKeyAsync(caller.KeyHash, cancellationToken);
            if (key is null || !key.IsActive(time.GetUtcNow()))
            {
                refused.Add(caller.KeyHash);
            }
        }

        if (refused.Count > 0)
        {
            cache.Clear();
        }

        return refused;
    }
}
