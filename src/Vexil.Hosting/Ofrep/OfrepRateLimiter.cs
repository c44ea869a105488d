using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Vexil.Hosting.Ofrep;

/// <summary>
/// A fixed-window limit per SDK key (by the key's identity, never by its secret): at most
/// <see cref="OfrepOptions.RateLimitPermits"/> requests per <see cref="OfrepOptions.RateLimitWindow"/>, windows
/// counted from the process's start. Lock-free: each key's window number and count share one 64-bit word that a
/// request moves with one compare-and-swap, so the many connections of one key on every core never queue on a lock
/// (the partitioned limiter it replaces took a lock per request; found by the OFREP benchmark).
/// </summary>
internal sealed class OfrepRateLimiter
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly long _windowTicks;
    private readonly int _permits;

    public OfrepRateLimiter(IOptions<OfrepOptions> options, TimeProvider time)
    {
        _time = time;
        _start = time.GetTimestamp();
        _windowTicks = options.Value.RateLimitWindow.Ticks;
        _permits = options.Value.RateLimitPermits;
    }

    /// <summary>Takes one permit for <paramref name="key"/>; when none is left, says how many seconds to wait (at least 1).</summary>
    public bool TryAcquire(string key, out string retryAfterSeconds)
    {
        var window = _windows.GetOrAdd(key, static _ => new Window());
        var elapsed = _time.GetElapsedTime(_start).Ticks;
        var number = elapsed / _windowTicks;
        while (true)
        {
            var state = Volatile.Read(ref window.State);
            var held = (uint)(state >>> 32);
            long next;
            if (held != (uint)number)
            {
                var ahead = (int)(held - (uint)number); // window numbers wrap at 32 bits (after 49 days of 1 ms windows)
                if (ahead > 0)
                {
                    number += ahead; // another request already opened a later window (this one read the clock earlier)
                    continue;
                }

                next = ((long)(uint)number << 32) | 1;
            }
            else if ((int)(state & uint.MaxValue) >= _permits)
            {
                // Until the next window opens, rounded up to whole seconds: a client honouring Retry-After is never refused again.
                var wait = TimeSpan.FromTicks(((number + 1) * _windowTicks) - elapsed);
                retryAfterSeconds = Math.Max(1, Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return false;
            }
            else
            {
                next = state + 1;
            }

            if (Interlocked.CompareExchange(ref window.State, next, state) == state)
            {
                retryAfterSeconds = string.Empty;
                return true;
            }
        }
    }

    /// <summary>One key's current window: its number (high 32 bits) and the permits taken in it (low 32 bits).</summary>
    private sealed class Window
    {
        public long State;
    }
}
