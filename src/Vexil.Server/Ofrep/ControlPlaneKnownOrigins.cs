using System.Collections.Frozen;
using Vexil.Server.Auth;

namespace Vexil.Server.Ofrep;

/// <summary>
/// The union of the origins of every active client key, read from the store at most once per
/// <see cref="Refresh"/> (preflights are many; a changed list shows within that time, and the actual request is
/// checked against its own key regardless).
/// </summary>
internal sealed class ControlPlaneKnownOrigins(AuthStore store, TimeProvider time) : IKnownOrigins
{
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private Snapshot? _cache;

    public async ValueTask<bool> IsKnownAsync(string origin, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _cache) is { } cached && time.GetUtcNow() - cached.ReadAt < Refresh)
        {
            return cached.Origins.Contains(origin);
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (Volatile.Read(ref _cache) is not { } current || time.GetUtcNow() - current.ReadAt >= Refresh)
            {
                var origins = await store.ListClientKeyOriginsAsync(cancellationToken);
                current = new Snapshot(origins.ToFrozenSet(StringComparer.Ordinal), time.GetUtcNow());
                Volatile.Write(ref _cache, current);
            }

            return current.Origins.Contains(origin);
        }
        finally
        {
            _loading.Release();
        }
    }

    private sealed record Snapshot(FrozenSet<string> Origins, DateTimeOffset ReadAt);
}
