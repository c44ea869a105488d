using NATS.Client.JetStream;

namespace Vexil.Events.Bus.Nats;

/// <summary>A durable JetStream pull consumer; each delivery has a consumer span (<see cref="NatsTelemetry"/>) until it is acknowledged or refused.</summary>
internal sealed class NatsMessageConsumer(INatsJSConsumer consumer) : IMessageConsumer
{
    private static readonly TimeSpan MinimumExpires = TimeSpan.FromSeconds(1);

    public async Task<IReadOnlyList<BusMessage>> FetchAsync(int maxMessages, TimeSpan wait, CancellationToken cancellationToken)
    {
        // What is ready now; when nothing is, wait for one message, then take what else arrived with it. A plain fetch
        // of maxMessages would hold the first ones until the batch fills or expires, eating into their ack wait.
        var messages = new List<BusMessage>(maxMessages);
        await AddAsync(messages, consumer.FetchNoWaitAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = maxMessages }, cancellationToken: cancellationToken));
        if (messages.Count == 0)
        {
            var expires = wait < MinimumExpires ? MinimumExpires : wait;
            await AddAsync(messages, consumer.FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = 1, Expires = expires }, cancellationToken: cancellationToken));
            if (messages.Count == 1 && maxMessages > 1)
            {
                await AddAsync(messages, consumer.FetchNoWaitAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = maxMessages - 1 }, cancellationToken: cancellationToken));
            }
        }

        return messages;
    }

    private static async Task AddAsync(List<BusMessage> messages, IAsyncEnumerable<INatsJSMsg<byte[]>> fetched)
    {
        await foreach (var message in fetched)
        {
            var id = message.Headers?.TryGetValue("Nats-Msg-Id", out var values) == true ? values.ToString() : "";
            var delivery = (long)(message.Metadata?.NumDelivered ?? 1);
            messages.Add(new BusMessage(id, message.Data ?? [], delivery, message) { Span = NatsTelemetry.StartProcess(message.Subject, message.Headers, id, delivery) });
        }
    }

    public async Task AckAsync(BusMessage message, CancellationToken cancellationToken)
    {
        await ((INatsJSMsg<byte[]>)message.Handle).AckAsync(new AckOpts { DoubleAck = true }, cancellationToken);
        NatsTelemetry.End(message.Span, "ack");
    }

    public async Task NakAsync(BusMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        await ((INatsJSMsg<byte[]>)message.Handle).NakAsync(new AckOpts { NakDelay = delay }, cancellationToken);
        NatsTelemetry.End(message.Span, "nak");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
