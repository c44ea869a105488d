
namespace Vexil.Server.Tests.Delivery;

/// <summary>The registry of open streams by key: ending one key's streams, the per-key cap, forgetting closed ones.</summary>
public sealed class OpenStreamsTests
{
    private static readonly DeliveryOptions Options = new();

    [Fact]
    public void End_EndsEveryStreamOfThatKey_AndNoOther()
    {
        var streams = new OpenStreams();
        var a = new StreamCaller("a", 1, "server");
        var b = new StreamCaller("b", 1, "client");
        var ofA = Enumerable.Range(0, 3).Select(_ => Attached(streams, a)).ToList();
        var ofB = Attached(streams, b);

        Assert.Equal(3, streams.End("a"));

        Assert.All(ofA, s => Assert.True(s.Subscription.IsEnded));
        Assert.All(ofA, s => Assert.True(s.Subscription.Stopped.IsCancellationRequested));
        Assert.False(ofB.Subscription.IsEnded);
        Assert.Equal(0, streams.End("unknown"));
    }

    [Fact]
    public void AStreamEndedBeforeItsSubscriptionIsAttached_EndsAtAttach()
    {
        var streams = new OpenStreams();
        var open = streams.TryOpen(new StreamCaller("a", 1, "server"), int.MaxValue)!;
        streams.End("a");
        var subscription = new DeliverySubscription(4);

        open.Attach(subscription);

        Assert.True(subscription.IsEnded);
    }

    [Fact]
    public void TryOpen_RefusesAKeyAtItsCap_UntilOneOfItsStreamsCloses_AndClosedKeysAreForgotten()
    {
        var streams = new OpenStreams();
        var caller = new StreamCaller("a", 1, "client");
        var first = streams.TryOpen(caller, 2)!;
        var second = streams.TryOpen(caller, 2)!;

        Assert.Null(streams.TryOpen(caller, 2));
        Assert.NotNull(streams.TryOpen(new StreamCaller("b", 1, "client"), 2));
        first.Dispose();
        first.Dispose(); // twice is once
        var third = streams.TryOpen(caller, 2);
        Assert.NotNull(third);
        Assert.Equal(2, streams.CountOf("a"));

        second.Dispose();
        third!.Dispose();
        Assert.Equal(0, streams.CountOf("a"));
        Assert.DoesNotContain(streams.Callers(), c => c.KeyHash == "a");
    }

    [Fact(Timeout = 30_000)]
    public async Task OpeningAndClosingOneKeyFromManyThreads_NeverExceedsTheCap_AndLeavesNothingBehind()
    {
        var streams = new OpenStreams();
        var caller = new StreamCaller("a", 1, "client");
        var open = 0;
        var most = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                if (streams.TryOpen(caller, 3) is { } stream)
                {
                    var now = Interlocked.Increment(ref open);
                    InterlockedMax(ref most, now);
                    Interlocked.Decrement(ref open);
                    stream.Dispose();
                }
            }
        })));

        Assert.InRange(most, 1, 3);
        Assert.Equal(0, streams.CountOf("a"));
        Assert.Empty(streams.Callers());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) != current)
        {
            current = Volatile.Read(ref target);
        }
    }

    private static (OpenStream Open, DeliverySubscription Subscription) Attached(OpenStreams streams, StreamCaller caller)
    {
        var open = streams.TryOpen(caller, int.MaxValue)!;
        var subscription = new DeliverySubscription(Options.SubscriberQueueCapacity);
        open.Attach(subscription);
        return (open, subscription);
    }
}
