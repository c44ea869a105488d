using System.Text;
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
