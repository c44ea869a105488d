namespace Vexil.Events.Bus;

/// <summary>
/// A durable, at-least-once message bus. <see cref="PublishAsync"/> completes only once the message is durable; a message
/// published twice under the same id within the duplicate window is stored once.
/// </summary>
internal interface IMessageBus : IAsyncDisposable
{
    /// <summary>Durably enqueues <paramref name="payload"/> on <paramref name="topic"/>; throws <see cref="BusUnavailableException"/> when it cannot.</summary>
    Task PublishAsync(string topic, string messageId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>
    /// Proves the bus can take messages now, by one round trip to it (readiness); throws <see cref="BusUnavailableException"/>
    /// when it cannot, and when it does not answer within the bus's own publish bound.
    /// </summary>
    Task CheckAsync(CancellationToken cancellationToken);

    /// <summary>Opens (creating when new) the durable consumer <paramref name="consumerName"/> of <paramref name="topic"/>.</summary>
    Task<IMessageConsumer> OpenConsumerAsync(string topic, string consumerName, CancellationToken cancellationToken);
}
