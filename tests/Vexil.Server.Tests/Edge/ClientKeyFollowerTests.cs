using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Vexil.Edge;

namespace Vexil.Server.Tests.Edge;

/// <summary>
/// The client-key poll is jittered: edges restarted together (after an upstream restart) must not ask in lock-step.
/// With the random source pinned to 0, the interval after a successful poll is half of <c>ClientKeyRefresh</c>; an
/// unjittered poll would wait all of it.
/// </summary>
public sealed class ClientKeyFollowerTests
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(10);

    [Fact(Timeout = 60_000)]
    public async Task Refresh_AfterASuccessfulPoll_WaitsAJitteredIntervalNotTheFullPeriod()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var edge = await EdgeHost.StartAsync(upstream.Address, "vx_srv_jitter", Path.Combine(Path.GetTempPath(), "vexil-edge-" + Guid.NewGuid().ToString("N")),
            new Dictionary<string, string?> { ["Vexil:Edge:ClientKeyRefresh"] = "00:10:00" });
        await WaitUntilAsync(() => Volatile.Read(ref upstream.ClientKeyRequests) >= 1); // the edge's own follower (real clock: next in 5–10 minutes)

        // A second follower on a clock of its own, its randomness pinned to the low end.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var follower = ActivatorUtilities.CreateInstance<ClientKeyFollower>(edge.Services, time, (Func<double>)(() => 0));
        await follower.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            await WaitUntilAsync(() => Volatile.Read(ref upstream.ClientKeyRequests) >= 2);
            var elapsed = TimeSpan.Zero;
            while (Volatile.Read(ref upstream.ClientKeyRequests) < 3 && elapsed < Refresh * 0.9)
            {
                time.Advance(TimeSpan.FromSeconds(15));
                elapsed += TimeSpan.FromSeconds(15);
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }

            // Without jitter the next poll would come only at the full 10 minutes.
            Assert.True(Volatile.Read(ref upstream.ClientKeyRequests) >= 3, $"no poll within {elapsed} of a {Refresh} refresh pinned to its jittered minimum");
            Assert.True(elapsed >= Refresh / 2, $"polled again after {elapsed}, before the jittered minimum {Refresh / 2}");
        }
        finally
        {
            await ((IHostedService)follower).StopAsync(CancellationToken.None);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the upstream was not polled");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
