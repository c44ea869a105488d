using System.Collections.Concurrent;

namespace Vexil.Hosting.Auth;

/// <summary>
/// The SHA-256 hashes of recently presented keys, in this process's memory only, so that a role comparing keys by
/// hash (the edge, <c>vexil serve</c>) does not hash the same key on every request. Bounded: when full it starts over.
/// </summary>
internal sealed class SecretHashMemo
{
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, string> _hashes = new(StringComparer.Ordinal);

    public string Hash(string secret)
    {
        if (_hashes.TryGetValue(secret, out var hash))
        {
            return hash;
        }

        hash = SecretTokens.Hash(secret);
        if (_hashes.Count >= MaxEntries)
        {
            _hashes.Clear();
        }

        _hashes[secret] = hash;
        return hash;
    }
}
