using Vexil.Events.Bus;

namespace Vexil.Events.Tests.Infrastructure;

/// <summary>Records what a handler acknowledged and asked again for.</summary>
internal sealed class FakeMessageConsumer : IMessageConsumer
{
    public List<string> Acked { get; } = [];

    public List<(string MessageId, TimeSpan Delay)> Naked { get; } = [];

    public Task<IReadOnlyList<BusMessage>> FetchAsync(int maxMessages, TimeSpan wait, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<BusMessage>>([]);

    public Task AckAsync(BusMessage message, CancellationToken cancellationToken)
    {
        Acked.Add(message.MessageId);
        return Task.CompletedTask;
    }

    public Task NakAsync(BusMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        Naked.Add((message.MessageId, delay));
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
