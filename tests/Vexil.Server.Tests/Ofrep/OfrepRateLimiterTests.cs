using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Vexil.Server.Tests.Ofrep;

public sealed class OfrepRateLimiterTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Window_AllowsPermitsThenRefusesWithTheWaitUntilItEnds()
    {
        var limiter = Create(permits: 3, window: TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(2.5));

        Assert.True(limiter.TryAcquire("sdk:client:1", out _));
        Assert.True(limiter.TryAcquire("sdk:client:1", out _));
        Assert.True(limiter.TryAcquire("sdk:client:1", out var none));
        Assert.Equal(string.Empty, none);
        Assert.False(limiter.TryAcquire("sdk:client:1", out var retryAfter));
        Assert.Equal("8", retryAfter); // 7.5 s left in the window, rounded up
    }

    [Fact]
    public void Keys_HaveWindowsOfTheirOwn()
    {
        var limiter = Create(permits: 1, window: TimeSpan.FromSeconds(1));

        Assert.True(limiter.TryAcquire("sdk:client:1", out _));
        Assert.False(limiter.TryAcquire("sdk:client:1", out _));
        Assert.True(limiter.TryAcquire("sdk:server:2", out _));
    }

    [Fact]
    public void NextWindow_StartsOverAndRetryAfterIsAtLeastOneSecond()
    {
        var limiter = Create(permits: 2, window: TimeSpan.FromMilliseconds(100));
        Assert.True(limiter.TryAcquire("k", out _));
        Assert.True(limiter.TryAcquire("k", out _));
        Assert.False(limiter.TryAcquire("k", out var retryAfter));
        Assert.Equal("1", retryAfter);

        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(limiter.TryAcquire("k", out _));
        Assert.True(limiter.TryAcquire("k", out _));
        Assert.False(limiter.TryAcquire("k", out _));

        _time.Advance(TimeSpan.FromMinutes(5)); // many windows later
        Assert.True(limiter.TryAcquire("k", out _));
    }

    [Fact]
    public void ManyThreads_TakeExactlyThePermitsOfOneWindow()
    {
        var limiter = Create(permits: 10_000, window: TimeSpan.FromHours(1));
        var granted = 0;
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                if (limiter.TryAcquire("shared", out _))
                {
                    Interlocked.Increment(ref granted);
                }
            }
        });

        Assert.Equal(10_000, granted);
    }

    private OfrepRateLimiter Create(int permits, TimeSpan window) =>
        new(Options.Create(new OfrepOptions { RateLimitPermits = permits, RateLimitWindow = window }), _time);
}
