using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Vexil.Server.Auth;

/// <summary>
/// SDK key lookups, kept for <see cref="Lifetime"/> so that OFREP and delivery requests do not each query the store
/// (found by the OFREP load benchmark), nor hash the key and build the caller's claims again (the same benchmark:
/// SHA-256 and claims were the largest cost left in authentication). Entries are found by the presented key itself,
/// in this process's memory only; the store keeps nothing but hashes. Rotating or revoking a key on this replica
/// clears the cache at once; on other replicas sharing PostgreSQL a revoked key is refused within <see cref="Lifetime"/>.
/// Expiry is checked on every request against the cached expiry time. Unknown keys are cached too (a flood of wrong
/// keys costs no queries).
/// </summary>
internal sealed class SdkKeyCache(AuthStore store, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The caller holding <paramref name="secret"/> (an SDK key), or null when no key has that secret.</summary>
    public async ValueTask<SdkKeyCaller?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(secret, out var entry) && entry.Until > now)
        {
            return entry.Caller;
        }

        var hash = SecretTokens.Hash(secret);
        var key = await store.FindSdkKeyAsync(hash, cancellationToken);
        var caller = key is null ? null
            : new SdkKeyCaller(key, new AuthenticationTicket(
                new ClaimsPrincipal(new ClaimsIdentity(AdminRoleClaims.For(key, hash), VexilAuthenticationHandler.SchemeName)),
                VexilAuthenticationHandler.SchemeName));
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[secret] = new Entry(caller, now + Lifetime);
        return caller;
    }

    /// <summary>Forgets every lookup (after a rotation or revocation).</summary>
    public void Clear() => _entries.Clear();

    private sealed record Entry(SdkKeyCaller? Caller, DateTimeOffset Until);
}

/// <summary>A recognised SDK key and the ticket (claims) of whoever presents it, shared by its requests and never changed.</summary>
internal sealed record SdkKeyCaller(SdkKeyState Key, AuthenticationTicket Ticket);
