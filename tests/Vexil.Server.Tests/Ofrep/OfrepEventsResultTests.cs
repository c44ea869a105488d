using System.Text;
using Microsoft.AspNetCore.Http;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Ofrep;

/// <summary>One OFREP change stream's writer loop: coalescing, framing, and its bounded queue.</summary>
public sealed class OfrepEventsResultTests
{
    private static readonly DeliveryOptions Options = new() { SubscriberQueueCapacity = 4, RecentChanges = 8, ClientRetry = TimeSpan.FromSeconds(1) };

    [Fact(Timeout = 10_000)]
    public async Task VersionsThatArriveTogether_AreOneRefetchEvaluation_AtTheLatestVersion()
    {
        var feed = Feed();
        var limiter = new StreamLimiter(Microsoft.Extensions.Options.Options.Create(Options), new DeliveryMetrics(new TestMeterFactory()));
        Assert.True(limiter.TryAcquire());
        var subscription = feed.Subscribe(0, null)!;
        for (var v = 1; v <= 3; v++)
        {
            feed.PublishChange(await DeliveryEvent.ChangeAsync(v, Encoding.UTF8.GetBytes($$"""{"version":{{v}}}"""), DateTimeOffset.FromUnixTimeSeconds(1_800_000_000 + v)));
        }

        var body = new MemoryStream();
        var context = new DefaultHttpContext { Response = { Body = body } };
        using var stop = new CancellationTokenSource();
        context.RequestAborted = stop.Token;
        var running = new OfrepEventsResult(feed, subscription, Open(), 0, "7", null, limiter, false, new OfrepMetrics(new TestMeterFactory()), Options).ExecuteAsync(context);
        await WaitAsync(() => Encoding.UTF8.GetString(body.ToArray()).Contains("id: 3", StringComparison.Ordinal));
        await stop.CancelAsync();
        await running;

        Assert.Equal(
            "retry: 1000\n\nevent: message\ndata: {\"type\":\"refetchEvaluation\",\"etag\":\"\\u00227-3\\u0022\",\"lastModified\":1800000003}\nid: 3\n\n",
            Encoding.UTF8.GetString(body.ToArray()));
        Assert.Equal("text/event-stream", context.Response.ContentType);
        Assert.Equal(0, feed.SubscriberCount);
        Assert.Equal(0, limiter.Open);
    }

    [Fact(Timeout = 10_000)]
    public async Task AReaderThatStopsReading_IsDroppedWhenItsQueueFills_AndItsStreamEnds()
    {
        var feed = Feed();
        var limiter = new StreamLimiter(Microsoft.Extensions.Options.Options.Create(Options), new DeliveryMetrics(new TestMeterFactory()));
        Assert.True(limiter.TryAcquire());
        var subscription = feed.Subscribe(0, null)!;
        var context = new DefaultHttpContext { Response = { Body = new StalledStream() } };
        var running = new OfrepEventsResult(feed, subscription, Open(), 0, "7", null, limiter, false, new OfrepMetrics(new TestMeterFactory()), Options).ExecuteAsync(context);

        for (var v = 1; v <= Options.SubscriberQueueCapacity + 4; v++)
        {
            feed.PublishChange(await DeliveryEvent.ChangeAsync(v, Encoding.UTF8.GetBytes($$"""{"version":{{v}}}"""), null));
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        await running.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.True(subscription.IsDropped);
        Assert.Equal(0, feed.SubscriberCount);
        Assert.Equal(0, limiter.Open);
    }

    [Fact(Timeout = 10_000)]
    public async Task AStreamWhoseKeyIsRefused_WritesNothingMore_AndEndsWithoutAborting()
    {
        var feed = Feed();
        var limiter = new StreamLimiter(Microsoft.Extensions.Options.Options.Create(Options), new DeliveryMetrics(new TestMeterFactory()));
        Assert.True(limiter.TryAcquire());
        var streams = new OpenStreams();
        var open = streams.TryOpen(new StreamCaller("key-hash", 1, "client"), int.MaxValue)!;
        var subscription = feed.Subscribe(0, null)!;
        open.Attach(subscription);
        var body = new MemoryStream();
        var context = new DefaultHttpContext { Response = { Body = body } };
        var running = new OfrepEventsResult(feed, subscription, open, 0, "7", null, limiter, false, new OfrepMetrics(new TestMeterFactory()), Options).ExecuteAsync(context);
        await WaitAsync(() => Encoding.UTF8.GetString(body.ToArray()).Contains("retry:", StringComparison.Ordinal));

        Assert.Equal(1, streams.End("key-hash"));
        feed.PublishChange(await DeliveryEvent.ChangeAsync(1, Encoding.UTF8.GetBytes("""{"version":1}"""), null));
        await running.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.DoesNotContain("refetchEvaluation", Encoding.UTF8.GetString(body.ToArray()), StringComparison.Ordinal);
        Assert.True(subscription.IsEnded);
        Assert.False(subscription.IsDropped);
        Assert.False(context.RequestAborted.IsCancellationRequested);
        Assert.Equal(0, streams.CountOf("key-hash"));
        Assert.Equal(0, limiter.Open);
    }

    private static OpenStream Open() => new OpenStreams().TryOpen(new StreamCaller("key-hash", 1, "client"), int.MaxValue)!;

    private static DeliveryFeed Feed() =>
        new(1, 0, _ => Task.FromResult<RulesetDocument?>(null), Options, new DeliveryMetrics(new TestMeterFactory()));

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (var i = 0; !condition(); i++)
        {
            Assert.True(i < 200, "timed out");
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>A client that stopped reading: every write waits until cancelled.</summary>
    private sealed class StalledStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => 0;

        public override long Position { get => 0; set { } }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            await Task.Delay(Timeout.Infinite, cancellationToken);

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
