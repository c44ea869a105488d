using System.Net.Http.Headers;

namespace Vexil.Sdk.Delivery;

/// <summary>Reads <c>Retry-After</c> as a delay (seconds or an HTTP date).</summary>
internal static class RetryAfter
{
    public static TimeSpan? Read(HttpResponseHeaders headers, DateTimeOffset now)
    {
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
