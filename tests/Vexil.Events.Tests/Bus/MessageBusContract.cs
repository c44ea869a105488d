using System.Text;
using Vexil.Events.Bus;

namespace Vexil.Events.Tests.Bus;

/// <summary>What every <see cref="IMessageBus"/> promises; each implementation's test class inherits these tests.</summary>
public abstract class MessageBusContract : IAsyncLifetime
{
    private const string Topic = "batches";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    private IMessageBus? _bus;

    internal IMessageBus Bus => _bus!;

    public async ValueTask InitializeAsync() => _bus = await CreateBusAsync();

    public virtual async ValueTask DisposeAsync()
    {
        if (_bus is not null)
        {
            await _bus.DisposeAsync();
        }
    }

    internal abstract Task<IMessageBus> CreateBusAsync();

    [Fact(Timeout = 20_000)]
    public async Task Check_AReachableBus_Succeeds()
    {
        await Bus.CheckAsync(TestContext.Current.CancellationToken);
    }

    [Fact(Timeout = 20_000)]
    public async Task Publish_ThenFetch_DeliversIdAndPayloadOnce()
    {
        var consumer = await Bus.OpenConsumerAsync(Topic, "c1", TestContext.Current.CancellationToken);
        await Bus.PublishAsync(Topic, "m1", Encoding.UTF8.GetBytes("hello"), TestContext.Current.CancellationToken);

        var message = Assert.Single(await consumer.FetchAsync(10, Wait, TestContext.Current.CancellationToken));
        await consumer.AckAsync(message, TestContext.Current.CancellationToken);

        Assert.Equal("m1", message.MessageId);
        Assert.Equal("hello", Encoding.UTF8.GetString(message.Payload.Span));
        Assert.Equal(1, message.DeliveryCount);
        Assert.Empty(await consumer.FetchAsync(10, TimeSpan.FromMilliseconds(1200), TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 20_000)]
    public async Task Publish_SameIdTwice_IsStoredOnce()
    {
        var consumer = await Bus.OpenConsumerAsync(Topic, "c1", TestContext.Current.CancellationToken);
        await Bus.PublishAsync(Topic, "same", Encoding.UTF8.GetBytes("1"), TestContext.Current.CancellationToken);
        await Bus.PublishAsync(Topic, "same", Encoding.UTF8.GetBytes("1"), TestContext.Current.CancellationToken);
        await Bus.PublishAsync(Topic, "other", Encoding.UTF8.GetBytes("2"), TestContext.Current.CancellationToken);

        var messages = await FetchAllAsync(consumer, expected: 2);

        Assert.Equal(["same", "other"], messages.Select(m => m.MessageId));
    }

    [Fact(Timeout = 20_000)]
    public async Task Nak_DeliversTheMessageAgainAfterTheDelay()
    {
        var consumer = await Bus.OpenConsumerAsync(Topic, "c1", TestContext.Current.CancellationToken);
        await Bus.PublishAsync(Topic, "m1", Encoding.UTF8.GetBytes("x"), TestContext.Current.CancellationToken);
        var first = Assert.Single(await consumer.FetchAsync(10, Wait, TestContext.Current.CancellationToken));

        await consumer.NakAsync(first, TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);
        var again = Assert.Single(await FetchAllAsync(consumer, expected: 1));

        Assert.Equal("m1", again.MessageId);
        Assert.Equal(2, again.DeliveryCount);
    }

    [Fact(Timeout = 20_000)]
    public async Task TwoConsumers_EachReceiveEveryMessage()
    {
        var a = await Bus.OpenConsumerAsync(Topic, "a", TestContext.Current.CancellationToken);
        var b = await Bus.OpenConsumerAsync(Topic, "b", TestContext.Current.CancellationToken);
        for (var i = 0; i < 5; i++)
        {
            await Bus.PublishAsync(Topic, $"m{i}", Encoding.UTF8.GetBytes($"{i}"), TestContext.Current.CancellationToken);
        }

        var fromA = await FetchAllAsync(a, expected: 5, ack: true);
        var fromB = await FetchAllAsync(b, expected: 5, ack: true);

        Assert.Equal(fromA.Select(m => m.MessageId), fromB.Select(m => m.MessageId));
    }

    internal static async Task<List<BusMessage>> FetchAllAsync(IMessageConsumer consumer, int expected, bool ack = false)
    {
        var messages = new List<BusMessage>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (messages.Count < expected && DateTime.UtcNow < deadline)
        {
            foreach (var message in await consumer.FetchAsync(expected - messages.Count, Wait, TestContext.Current.CancellationToken))
            {
                messages.Add(message);
                if (ack)
                {
                    await consumer.AckAsync(message, TestContext.Current.CancellationToken);
                }
            }
        }

        return messages;
    }
}
