using System.Text;
using Vexil.Events.Bus;
using Vexil.Events.Bus.Sqlite;
using Vexil.Events.Tests.Infrastructure;

namespace Vexil.Events.Tests.Bus;

public sealed class SqliteMessageBusTests : MessageBusContract
{
    private readonly TempDirectory _directory = new();

    internal override Task<IMessageBus> CreateBusAsync() => Task.FromResult<IMessageBus>(NewBus());

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    [Fact(Timeout = 20_000)]
    public async Task Recreate_DeliversEveryUnacknowledgedMessageAgainAndNoAcknowledgedOne()
    {
        var consumer = await Bus.OpenConsumerAsync("batches", "c1", TestContext.Current.CancellationToken);
        for (var i = 0; i < 4; i++)
        {
            await Bus.PublishAsync("batches", $"m{i}", Encoding.UTF8.GetBytes($"{i}"), TestContext.Current.CancellationToken);
        }

        var fetched = await FetchAllAsync(consumer, expected: 4);
        await consumer.AckAsync(fetched[0], TestContext.Current.CancellationToken);
        await consumer.AckAsync(fetched[2], TestContext.Current.CancellationToken);
        await Bus.DisposeAsync(); // m1 and m3 are in flight: the process "dies"

        await using var reopened = NewBus();
        var again = await FetchAllAsync(await reopened.OpenConsumerAsync("batches", "c1", TestContext.Current.CancellationToken), expected: 2);

        Assert.Equal(["m1", "m3"], again.Select(m => m.MessageId));
        Assert.All(again, m => Assert.Equal(2, m.DeliveryCount));
    }

    [Fact(Timeout = 20_000)]
    public async Task Measure_CountsStoredMessagesAndBytesOfOneTopic_DuplicatesOnce_AcknowledgedNotAtAll()
    {
        var bus = (SqliteMessageBus)Bus;
        var consumer = await Bus.OpenConsumerAsync("forward", "c1", TestContext.Current.CancellationToken);
        await Bus.PublishAsync("forward", "a", new byte[10], TestContext.Current.CancellationToken);
        await Bus.PublishAsync("forward", "b", new byte[32], TestContext.Current.CancellationToken);
        await Bus.PublishAsync("forward", "b", new byte[32], TestContext.Current.CancellationToken); // a duplicate: stored once
        await Bus.PublishAsync("other", "c", new byte[100], TestContext.Current.CancellationToken);

        Assert.Equal((2L, 42L), await bus.MeasureAsync("forward", TestContext.Current.CancellationToken));
        await consumer.AckAsync((await FetchAllAsync(consumer, expected: 2))[0], TestContext.Current.CancellationToken);
        Assert.Equal((1L, 32L), await bus.MeasureAsync("forward", TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 20_000)]
    public async Task OpenConsumer_AfterMessagesWerePublished_ReceivesThemToo()
    {
        await Bus.PublishAsync("batches", "early", Encoding.UTF8.GetBytes("x"), TestContext.Current.CancellationToken);

        var consumer = await Bus.OpenConsumerAsync("batches", "late", TestContext.Current.CancellationToken);

        Assert.Equal("early", Assert.Single(await FetchAllAsync(consumer, expected: 1)).MessageId);
    }

    [Fact(Timeout = 20_000)]
    public async Task Fetch_WaitsForAPublish()
    {
        var consumer = await Bus.OpenConsumerAsync("batches", "c1", TestContext.Current.CancellationToken);
        var fetch = consumer.FetchAsync(10, TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        await Task.Delay(100, TestContext.Current.CancellationToken);
        await Bus.PublishAsync("batches", "m", Encoding.UTF8.GetBytes("x"), TestContext.Current.CancellationToken);

        Assert.Single(await fetch.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 30_000)]
    public async Task Publish_ManyAtOnce_AreAllDurableOnceEach()
    {
        await Bus.OpenConsumerAsync("batches", "c1", TestContext.Current.CancellationToken);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(() => Bus.PublishAsync("batches", $"m{i % 100}", Encoding.UTF8.GetBytes($"{i % 100}"), TestContext.Current.CancellationToken))));
        await Bus.DisposeAsync();

        await using var reopened = NewBus();
        var consumer = await reopened.OpenConsumerAsync("batches", "c1", TestContext.Current.CancellationToken);
        var delivered = await FetchAllAsync(consumer, expected: 100);
        Assert.Empty(await consumer.FetchAsync(10, TimeSpan.Zero, TestContext.Current.CancellationToken));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"m{i}").Order(), delivered.Select(m => m.MessageId).Order());
        Assert.All(delivered, m => Assert.Equal(m.MessageId[1..], Encoding.UTF8.GetString(m.Payload.Span)));
    }

    private SqliteMessageBus NewBus() =>
        new(_directory.File("queue.db"), TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30), TimeProvider.System);
}
