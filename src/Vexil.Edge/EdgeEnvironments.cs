using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Vexil.Hosting.Auth;
using Vexil.Hosting.Delivery;

namespace Vexil.Edge;

/// <summary>The environments an edge serves, one per configured server key; also its <see cref="IDeliverySource"/>.</summary>
internal sealed class EdgeEnvironments : IDeliverySource
{
    private readonly FrozenDictionary<string, EdgeEnvironment> _byKeyHash;
    private readonly SecretHashMemo _hashes = new();

    public EdgeEnvironments(IOptions<EdgeOptions> edge, IOptions<DeliveryOptions> delivery, DeliveryMetrics metrics, TimeProvider time)
    {
        var keys = ReadKeys(edge.Value);
        All = [.. keys.Select((key, i) => new EdgeEnvironment(i + 1, key, delivery.Value, metrics))];
        _byKeyHash = All.ToFrozenDictionary(e => e.KeyHash, StringComparer.Ordinal);
        metrics.Meter.CreateObservableGauge(
            "vexil.edge.ruleset.age",
            () => All.Where(e => e.Current is not null).Select(e => new Measurement<double>(
                e.Connected || e.SyncedAt is null ? 0 : Math.Max(0, (time.GetUtcNow() - e.SyncedAt.Value).TotalSeconds),
                new KeyValuePair<string, object?>("vexil.environment", e.Name))),
            "s",
            "How long since each environment's ruleset was last known to be in step with the upstream (0 while following it live).");
        metrics.Meter.CreateObservableGauge(
            "vexil.edge.ruleset.version",
            () => All.Where(e => e.Current is not null).Select(e => new Measurement<long>(e.Current!.Version, new KeyValuePair<string, object?>("vexil.environment", e.Name))),
            "{version}",
            "The version each environment's held ruleset is at.");
        metrics.Meter.CreateObservableGauge(
            "vexil.edge.client_keys",
            () => All.Where(e => e.ClientKeys is not null).Select(e => new Measurement<long>(
                e.ClientKeys!.Keys.Values.LongCount(k => k.IsActive(time.GetUtcNow())),
                new KeyValuePair<string, object?>("vexil.environment", e.Name))),
            "{key}",
            "The active client keys each environment's edge accepts, as learnt from the upstream.");
        metrics.Meter.CreateObservableGauge(
            "vexil.edge.key.refused",
            () => All.Select(e => new Measurement<int>(e.Refused ? 1 : 0, new KeyValuePair<string, object?>("vexil.environment", e.Name))),
            "{key}",
            "1 while the upstream refuses the environment's server key (revoked or expired): the edge then serves neither it nor the environment's client keys.");
    }

    public IReadOnlyList<EdgeEnvironment> All { get; }

    public IEnumerable<DeliveryFeed> Feeds => All.Select(e => e.Feed);

    /// <summary>The environment of a configured server key, unless its upstream refuses that key.</summary>
    public EdgeEnvironment? FindByKey(string key) => _byKeyHash.GetValueOrDefault(_hashes.Hash(key)) is { Refused: false } served ? served : null;

    /// <summary>True when this edge still accepts the key <paramref name="keyHash"/> of environment <paramref name="environmentId"/> (streams are ended otherwise).</summary>
    public bool Accepts(string keyHash, long environmentId, DateTimeOffset now)
    {
        if (environmentId < 1 || environmentId > All.Count || All[(int)environmentId - 1] is not { Refused: false } environment)
        {
            return false;
        }

        return environment.KeyHash == keyHash || environment.ClientKeys?.Keys.GetValueOrDefault(keyHash) is { } client && client.IsActive(now);
    }

    /// <summary>The environment and entry of a client key this edge learnt from its upstream and that has not expired at <paramref name="now"/>.</summary>
    public (EdgeEnvironment Environment, ClientKeyState Key)? FindClientKey(string key, DateTimeOffset now)
    {
        var hash = _hashes.Hash(key);
        foreach (var environment in All)
        {
            if (!environment.Refused && environment.ClientKeys?.Keys.GetValueOrDefault(hash) is { } found && found.IsActive(now))
            {
                return (environment, found);
            }
        }

        return null;
    }

    /// <summary>The claims of a caller holding the server key of <paramref name="environment"/>.</summary>
    public static List<Claim> ServerClaims(EdgeEnvironment environment) =>
        SdkKeyClaims.Create($"sdk:server:edge-{environment.FileName}", SdkKeyKind.Server, environment.Id, environment.KeyHash, []);

    /// <summary>The claims of a caller holding a client key of <paramref name="environment"/>.</summary>
    public static List<Claim> ClientClaims(EdgeEnvironment environment, ClientKeyState key) =>
        SdkKeyClaims.Create($"sdk:client:edge-{key.KeyHash[..16]}", SdkKeyKind.Client, environment.Id, key.KeyHash, key.AllowedOrigins);

    /// <summary>The claims of the caller whose key hash starts with <paramref name="prefix"/> and satisfies <paramref name="matches"/> (an OFREP stream token).</summary>
    public List<Claim>? FindByHashPrefix(string prefix, Func<string, bool> matches, DateTimeOffset now)
    {
        foreach (var environment in All)
        {
            if (environment.Refused)
            {
                continue;
            }

            if (environment.KeyHash.StartsWith(prefix, StringComparison.Ordinal) && matches(environment.KeyHash))
            {
                return ServerClaims(environment);
            }

            foreach (var key in environment.ClientKeys?.Keys.Values ?? [])
            {
                if (key.KeyHash.StartsWith(prefix, StringComparison.Ordinal) && key.IsActive(now) && matches(key.KeyHash))
                {
                    return ClientClaims(environment, key);
                }
            }
        }

        return null;
    }

    /// <summary>True when some client key this edge holds allows <paramref name="origin"/> (the CORS preflight's answer).</summary>
    public bool IsKnownOrigin(string origin, DateTimeOffset now)
    {
        foreach (var environment in All)
        {
            foreach (var key in environment.Refused ? [] : environment.ClientKeys?.Keys.Values ?? [])
            {
                if (key.IsActive(now) && key.AllowedOrigins.Contains(origin, StringComparer.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public Task<DeliveryFeed?> GetFeedAsync(long environmentId, CancellationToken cancellationToken) =>
        Task.FromResult(environmentId >= 1 && environmentId <= All.Count ? All[(int)environmentId - 1].Feed : null);

    /// <summary>The configured keys and those in the keys file, distinct, each a server key.</summary>
    public static IReadOnlyList<string> ReadKeys(EdgeOptions options)
    {
        var keys = new List<string>(options.Keys);
        if (!string.IsNullOrWhiteSpace(options.KeysFile))
        {
            keys.AddRange(File.ReadAllLines(options.KeysFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
        }

        var distinct = keys.Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            throw new OptionsValidationException(EdgeOptions.Section, typeof(EdgeOptions), ["The edge needs at least one server key (Vexil:Edge:Keys or Vexil:Edge:KeysFile)."]);
        }

        var wrong = distinct.Where(k => !k.StartsWith(SecretTokens.ServerKeyPrefix, StringComparison.Ordinal)).ToList();
        if (wrong.Count > 0)
        {
            throw new OptionsValidationException(EdgeOptions.Section, typeof(EdgeOptions), [$"{wrong.Count} configured key(s) are not server keys ({SecretTokens.ServerKeyPrefix}…)."]);
        }

        return distinct;
    }
}
