using System.Diagnostics;
using System.Text;
using NATS.Client.JetStream;
using Vexil.Events.Bus;
using Vexil.Events.Bus.Nats;
using Vexil.Events.Tests.Infrastructure;

namespace Vexil.Events.Tests.Bus;

[Collection(NatsCollection.Name)]
public sealed class NatsMessageBusTests(NatsServerFixture nats) : MessageBusContract
{
    private readonly string _name = "T" + Guid.NewGuid().ToString("N")[..12];

    internal override Task<IMessageBus> CreateBusAsync() =>
        Task.FromResult<IMessageBus>(new NatsMessageBus(Options(), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1)));

    [Fact(Timeout = 20_000)]
    public async Task Fetch_UnacknowledgedPastAckWait_IsDeliveredAgain()
    {
        var consumer = await Bus.OpenConsumerAsync("batches", "c1", TestContext.Current.CancellationToken);
        await Bus.PublishAsync("batches", "m1", Encoding.UTF8.GetBytes("x"), TestContext.Current.CancellationToken);
        Assert.Single(await FetchAllAsync(consumer, expected: 1));

        var again = Assert.Single(await FetchAllAsync(consumer, expected: 1));

        Assert.Equal("m1", again.MessageId);
        Assert.Equal(2, again.DeliveryCount);
    }

    [Fact(Timeout = 20_000)]
    public async Task ATracedPublish_CarriesItsTraceparent_AndTheConsumersSpanIsItsChild()
    {
        var stopped = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == NatsTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var subject = Options().SubjectPrefix + ".batches";
        var consumer = await Bus.OpenConsumerAsync("batches", "traced", TestContext.Current.CancellationToken);

        await Bus.PublishAsync("batches", "m1", Encoding.UTF8.GetBytes("x"), TestContext.Current.CancellationToken);
        var message = Assert.Single(await FetchAllAsync(consumer, expected: 1));
        var header = ((INatsJSMsg<byte[]>)message.Handle).Headers?[NatsTelemetry.TraceParentHeader].ToString();
        await consumer.AckAsync(message, TestContext.Current.CancellationToken);

        var spans = stopped.Where(a => Equals(a.GetTagItem("messaging.destination.name"), subject)).ToList();
        var producer = Assert.Single(spans, a => a.Kind == ActivityKind.Producer);
        var process = Assert.Single(spans, a => a.Kind == ActivityKind.Consumer);
        Assert.Equal(producer.Id, header);
        Assert.Equal(producer.TraceId, process.TraceId);
        Assert.Equal(producer.SpanId, process.ParentSpanId);
        Assert.True(process.HasRemoteParent);
        Assert.Equal(($"publish {subject}", $"process {subject}"), (producer.DisplayName, process.DisplayName));
        Assert.Equal(("nats", "m1", "ack"), ((string?)process.GetTagItem("messaging.system"), (string?)process.GetTagItem("messaging.message.id"), (string?)process.GetTagItem("vexil.bus.outcome")));
    }

    [Fact(Timeout = 20_000)]
    public async Task Publish_ServerUnreachable_ThrowsBusUnavailable()
    {
        await using var bus = new NatsMessageBus(
            new NatsBusOptions { Url = "nats://127.0.0.1:1", StreamName = _name, SubjectPrefix = _name, PublishTimeout = TimeSpan.FromMilliseconds(500) },
            TimeSpan.FromMinutes(2),
            TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<BusUnavailableException>(() => bus.PublishAsync("batches", "m", Encoding.UTF8.GetBytes("x"), TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 20_000)]
    public async Task Check_ServerUnreachable_ThrowsBusUnavailable()
    {
        await using var bus = new NatsMessageBus(
            new NatsBusOptions { Url = "nats://127.0.0.1:1", StreamName = _name, SubjectPrefix = _name, PublishTimeout = TimeSpan.FromMilliseconds(500) },
            TimeSpan.FromMinutes(2),
            TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<BusUnavailableException>(() => bus.CheckAsync(TestContext.Current.CancellationToken));
    }

    private NatsBusOptions Options() => new() { Url = nats.Url, StreamName = _name, SubjectPrefix = "t." + _name };
}
