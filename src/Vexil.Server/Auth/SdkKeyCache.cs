using System.Collections.Concurrent;
using Vexil.Server.Storage;

namespace Vexil.Server.Auth;

/// <summary>
/// SDK key lookups by hash, kept for <see cref="Lifetime"/> so that OFREP and delivery requests do not each query the
/// store (found by the OFREP load benchmark). Rotating or revoking a key on this replica clears the cache at once; on
/// other replicas sharing PostgreSQL a revoked key is refused within <see cref="Lifetime"/>. Expiry is checked on every
/// request against the cached expiry time. Unknown hashes are cached too (a flood of wrong keys costs no queries).
/// </summary>
internal sealed class SdkKeyCache(IControlPlaneStore store, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async ValueTask<SdkKeyState?> FindAsync(string hash, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(hash, out var entry) && entry.Until > now)
        {
            return entry.Key;
        }

        var key = await store.FindSdkKeyAsync(hash, cancellationToken);
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[hash] = new Entry(key, now + Lifetime);
        return key;
    }

    /// <summary>Forgets every lookup (after a rotation or revocation).</summary>
    public void Clear() => _entries.Clear();

    private sealed record Entry(SdkKeyState? Key, DateTimeOffset Until);
}
