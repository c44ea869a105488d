using System.Net.Http.Headers;

namespace Vexil.Delivery.Retry;

/// <summary>Reads <c>Retry-After</c> as a delay: seconds, or an HTTP date taken against the caller's clock.</summary>
public static class RetryAfter
{
    /// <summary>The delay the response asks for, never negative; null when it names none.</summary>
    public static TimeSpan? Read(HttpResponseHeaders headers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var value = headers.RetryAfter;
        if (value?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (value?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
