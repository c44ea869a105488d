using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Vexil.Server.Ofrep;

/// <summary>A fixed-window limit per SDK key (partitioned by the key's identity, never by its secret).</summary>
internal sealed class OfrepRateLimiter : IDisposable
{
    private static readonly TimeSpan ReplenishmentTick = TimeSpan.FromMilliseconds(100);

    private readonly PartitionedRateLimiter<string> _limiter;

    public OfrepRateLimiter(IOptions<OfrepOptions> options)
    {
        var o = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = o.RateLimitPermits,
            Window = o.RateLimitWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Takes one permit for <paramref name="key"/>; when none is left, says how many seconds to wait (at least 1).</summary>
    public bool TryAcquire(string key, out string retryAfterSeconds)
    {
        using var lease = _limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            retryAfterSeconds = string.Empty;
            return true;
        }

        // The window's length, plus the partitioned limiter's replenishment tick (100 ms): a window reopens up to
        // one tick late, and a client honouring Retry-After must not be refused again (seen with the npm provider).
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Ceiling((retryAfter + ReplenishmentTick).TotalSeconds) : 1;
        retryAfterSeconds = Math.Max(1, seconds).ToString(CultureInfo.InvariantCulture);
        return false;
    }

    public void Dispose() => _limiter.Dispose();
}
