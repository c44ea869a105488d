using System.Globalization;
using Vexil.Hosting.Auth;
using Vexil.Hosting.Delivery;

namespace Vexil.Edge;

/// <summary>
/// One environment an edge serves, identified by its server key: the ruleset it holds (swapped atomically), the
/// feed its subscribers follow, and whether it is live with its upstream or serving a last-known-good copy.
/// </summary>
internal sealed class EdgeEnvironment
{
    private HeldRuleset? _current;
    private ClientKeyDocument? _clientKeys;
    private long _syncedAtTicks;
    private int _connected;
    private int _refused;

    public EdgeEnvironment(long id, string key, DeliveryOptions options, DeliveryMetrics metrics)
    {
        Id = id;
        Key = key;
        KeyHash = SecretTokens.Hash(key);
        FileName = KeyHash[..16];
        Feed = new DeliveryFeed(id, 0, _ => Task.FromResult(Current is { } r ? new RulesetDocument(r.Version, r.Document) : null), options, metrics);
    }

    public long Id { get; }

    /// <summary>The server key this environment is read with upstream, and accepted with downstream.</summary>
    public string Key { get; }

    public string KeyHash { get; }

    /// <summary>The last-known-good files' name: part of the key's hash, never the key.</summary>
    public string FileName { get; }

    public DeliveryFeed Feed { get; }

    public HeldRuleset? Current => Volatile.Read(ref _current);

    /// <summary>The environment's client keys as last learnt from the upstream (or disk); null before either answered.</summary>
    public ClientKeyDocument? ClientKeys => Volatile.Read(ref _clientKeys);

    /// <summary>Where the held ruleset came from: <c>upstream</c>, <c>disk</c> or <c>none</c>.</summary>
    public string Source { get; private set; } = "none";

    public bool Connected => Volatile.Read(ref _connected) == 1;

    /// <summary>
    /// True while the upstream refuses this environment's server key (401/403: revoked, or expired after a rotation):
    /// the edge then serves neither that key nor the environment's client keys.
    /// </summary>
    public bool Refused => Volatile.Read(ref _refused) == 1;

    /// <summary>The last moment this environment was known to be in step with its upstream.</summary>
    public DateTimeOffset? SyncedAt => Volatile.Read(ref _syncedAtTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    public string Name => Current?.Environment ?? string.Create(CultureInfo.InvariantCulture, $"#{Id}");

    public void Install(HeldRuleset ruleset, string source)
    {
        Volatile.Write(ref _current, ruleset);
        Source = source;
    }

    public void InstallClientKeys(ClientKeyDocument keys) => Volatile.Write(ref _clientKeys, keys);

    public void MarkSynced(DateTimeOffset at) => Volatile.Write(ref _syncedAtTicks, at.UtcTicks);

    public void SetConnected(bool connected) => Volatile.Write(ref _connected, connected ? 1 : 0);

    /// <summary>Marks the key refused (or accepted again); true when that changed anything.</summary>
    public bool SetRefused(bool refused) => Interlocked.Exchange(ref _refused, refused ? 1 : 0) != (refused ? 1 : 0);
}
