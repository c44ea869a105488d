namespace Vexil.Events.Bus;

/// <summary>A durable consumer with explicit acknowledgement: a message not acknowledged is delivered again.</summary>
internal interface IMessageConsumer : IAsyncDisposable
{
    /// <summary>Up to <paramref name="maxMessages"/> messages, waiting at most <paramref name="wait"/> when none is ready.</summary>
    Task<IReadOnlyList<BusMessage>> FetchAsync(int maxMessages, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>Marks the message processed; it is never delivered to this consumer again.</summary>
    Task AckAsync(BusMessage message, CancellationToken cancellationToken);

    /// <summary>Asks for the message again after <paramref name="delay"/>.</summary>
    Task NakAsync(BusMessage message, TimeSpan delay, CancellationToken cancellationToken);
}
