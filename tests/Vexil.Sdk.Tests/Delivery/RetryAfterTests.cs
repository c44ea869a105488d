using System.Net.Http.Headers;
using Vexil.Delivery.Retry;

namespace Vexil.Sdk.Tests.Delivery;

public sealed class RetryAfterTests
{
    [Fact]
    public void Seconds_and_dates_are_read_as_delays()
    {
        var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        using var response = new HttpResponseMessage();
        Assert.Null(RetryAfter.Read(response.Headers, now));

        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfter.Read(response.Headers, now));

        response.Headers.RetryAfter = new RetryConditionHeaderValue(now.AddSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(30), RetryAfter.Read(response.Headers, now));

        response.Headers.RetryAfter = new RetryConditionHeaderValue(now.AddSeconds(-30));
        Assert.Equal(TimeSpan.Zero, RetryAfter.Read(response.Headers, now));
    }
}
