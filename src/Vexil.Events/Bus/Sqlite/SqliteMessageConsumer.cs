namespace Vexil.Events.Bus.Sqlite;

/// <summary>One durable consumer of the embedded bus.</summary>
internal sealed class SqliteMessageConsumer(SqliteMessageBus bus, string consumer) : IMessageConsumer
{
    public Task<IReadOnlyList<BusMessage>> FetchAsync(int maxMessages, TimeSpan wait, CancellationToken cancellationToken) =>
        bus.FetchAsync(consumer, maxMessages, wait, cancellationToken);

    public Task AckAsync(BusMessage message, CancellationToken cancellationToken) =>
        bus.SettleAsync(consumer, message, redeliverAfter: null, cancellationToken);

    public Task NakAsync(BusMessage message, TimeSpan delay, CancellationToken cancellationToken) =>
        bus.SettleAsync(consumer, message, delay, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
