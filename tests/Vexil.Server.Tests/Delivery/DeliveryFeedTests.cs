using System.Text;
using Microsoft.Extensions.Time.Testing;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Delivery;

/// <summary>The fan-out core: resume window, order, and that a full queue drops only its own subscriber.</summary>
public sealed class DeliveryFeedTests
{
    private static readonly DeliveryOptions Options = new() { SubscriberQueueCapacity = 4, RecentChanges = 8 };

    [Fact(Timeout = 10_000)]
    public async Task Subscribe_WithinTheResumeWindow_QueuesTheMissedChangesThenLiveOnes()
    {
        var feed = Feed(version: 0);
        for (var v = 1; v <= 5; v++)
        {
            Assert.True(feed.PublishChange(await ChangeAsync(v)));
        }

        var subscription = feed.Subscribe(lastEventId: 2, ruleset: null)!;
        feed.PublishChange(await ChangeAsync(6));

        Assert.Equal([3L, 4, 5, 6], Drain(subscription));
    }

    [Fact(Timeout = 10_000)]
    public async Task Subscribe_OutsideTheResumeWindow_NeedsARuleset()
    {
        var feed = Feed(version: 0);
        for (var v = 1; v <= 20; v++)
        {
            feed.PublishChange(await ChangeAsync(v));
        }

        Assert.False(feed.CanResumeFrom(3));
        Assert.Null(feed.Subscribe(lastEventId: 3, ruleset: null));
        var subscription = feed.Subscribe(lastEventId: 3, ruleset: await DeliveryEvent.RulesetAsync(20, "{}"u8.ToArray()))!;

        Assert.Equal([20L], Drain(subscription));
    }

    [Fact(Timeout = 10_000)]
    public async Task PublishChange_OutOfOrder_IsRefused()
    {
        var feed = Feed(version: 10);

        Assert.False(feed.PublishChange(await ChangeAsync(12)));
        Assert.False(feed.PublishChange(await ChangeAsync(10)));
        Assert.True(feed.PublishChange(await ChangeAsync(11)));
        Assert.Equal(11, feed.Version);
    }

    [Fact(Timeout = 10_000)]
    public async Task Publish_ToASubscriberWhoseQueueIsFull_DropsOnlyThatOne()
    {
        var feed = Feed(version: 0);
        var stalled = feed.Subscribe(0, null)!;
        var reading = feed.Subscribe(0, null)!;
        var received = new List<long>();

        for (var v = 1; v <= 20; v++)
        {
            feed.PublishChange(await ChangeAsync(v));
            received.AddRange(Drain(reading));
        }

        Assert.True(stalled.IsDropped);
        Assert.True(stalled.Stopped.IsCancellationRequested);
        Assert.False(reading.IsDropped);
        Assert.Equal(Enumerable.Range(1, 20).Select(v => (long)v), received);
        Assert.Equal(1, feed.SubscriberCount);
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForVersionAsync_CompletesWhenPublished_OrSaysNoAfterTheBound()
    {
        var time = new FakeTimeProvider();
        var feed = Feed(version: 1);
        var waiting = feed.WaitForVersionAsync(2, TimeSpan.FromSeconds(5), time, TestContext.Current.CancellationToken);
        feed.PublishChange(await ChangeAsync(2));
        Assert.True(await waiting);

        var bounded = feed.WaitForVersionAsync(9, TimeSpan.FromSeconds(5), time, TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.False(await bounded);
    }

    [Fact(Timeout = 10_000)]
    public async Task Publish_ToThousandsOfSubscribers_FansOutInParallel_EachGetsEveryEventOnceInOrder()
    {
        var feed = Feed(version: 0);
        var subscriptions = Enumerable.Range(0, 3000).Select(_ => feed.Subscribe(0, null)!).ToList();
        var received = subscriptions.Select(_ => new List<long>()).ToList();

        for (var v = 1; v <= 3; v++)
        {
            feed.PublishChange(await ChangeAsync(v));
        }

        feed.Heartbeat(); // five events fit each queue (capacity 4, plus 1)

        for (var i = 0; i < subscriptions.Count; i++)
        {
            Assert.Equal([1L, 2, 3], Drain(subscriptions[i]));
        }

        Assert.Equal(3000, feed.SubscriberCount);
    }

    [Fact(Timeout = 10_000)]
    public async Task Publish_WhenAWaitingWriterLoopRunsInlineAndLeaves_NeitherDeadlocksNorSkipsOthers()
    {
        var feed = Feed(version: 0);
        var leaving = feed.Subscribe(0, null)!;
        var staying = feed.Subscribe(0, null)!;
        var waiting = leaving.Reader.WaitToReadAsync(TestContext.Current.CancellationToken);
        var continuedOn = 0;
        var left = LeaveAsync();

        Assert.True(feed.PublishChange(await ChangeAsync(1)));

        // The waiting reader continued on the publishing thread (no thread-pool hop) and could leave the feed.
        Assert.True(left.IsCompleted);
        await left;
        Assert.Equal(Environment.CurrentManagedThreadId, continuedOn);
        Assert.Equal(1, feed.SubscriberCount);
        Assert.Equal([1L], Drain(staying));
        Assert.True(feed.PublishChange(await ChangeAsync(2)));
        Assert.Equal([2L], Drain(staying));

        async Task LeaveAsync()
        {
            await waiting;
            continuedOn = Environment.CurrentManagedThreadId;
            feed.Unsubscribe(leaving);
        }
    }

    private static DeliveryFeed Feed(long version) =>
        new(1, version, _ => Task.FromResult<RulesetDocument?>(null), Options, new DeliveryMetrics(new TestMeterFactory()));

    private static Task<DeliveryEvent> ChangeAsync(long version) =>
        DeliveryEvent.ChangeAsync(version, Encoding.UTF8.GetBytes($$"""{"version":{{version}}}"""), null);

    private static List<long> Drain(DeliverySubscription subscription)
    {
        var versions = new List<long>();
        while (subscription.Reader.TryRead(out var item))
        {
            if (!item.IsHeartbeat)
            {
                versions.Add(item.Version);
            }
        }

        return versions;
    }
}
