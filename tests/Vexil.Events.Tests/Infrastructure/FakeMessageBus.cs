using Vexil.Events.Bus;

namespace Vexil.Events.Tests.Infrastructure;

/// <summary>Records what is published; can be told to fail like an unreachable bus.</summary>
internal sealed class FakeMessageBus : IMessageBus
{
    public List<(string Topic, string MessageId, byte[] Payload)> Published { get; } = [];

    public bool Unavailable { get; set; }

    public Task PublishAsync(string topic, string messageId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (Unavailable)
        {
            throw new BusUnavailableException("down");
        }

        Published.Add((topic, messageId, payload.ToArray()));
        return Task.CompletedTask;
    }

    public Task CheckAsync(CancellationToken cancellationToken) =>
        Unavailable ? Task.FromException(new BusUnavailableException("down")) : Task.CompletedTask;

    public Task<IMessageConsumer> OpenConsumerAsync(string topic, string consumerName, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
