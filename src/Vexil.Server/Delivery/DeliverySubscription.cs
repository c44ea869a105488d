using System.Threading.Channels;

namespace Vexil.Server.Delivery;

/// <summary>
/// One stream's bounded queue. The broadcaster only ever calls <see cref="TryEnqueue"/>, which never waits: when the
/// queue is full the subscription is dropped (its writer loop stops and the connection closes; the client resumes by version).
/// </summary>
internal sealed class DeliverySubscription
{
    private readonly Channel<DeliveryEvent> _channel;
    // Never disposed: it has no timer, and the broadcaster may still drop a subscription its writer has left.
    private readonly CancellationTokenSource _dropped = new();
    private int _isDropped;

    public DeliverySubscription(int capacity)
    {
        _channel = Channel.CreateBounded<DeliveryEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public ChannelReader<DeliveryEvent> Reader => _channel.Reader;

    /// <summary>Cancelled when the subscriber fell too far behind.</summary>
    public CancellationToken Dropped => _dropped.Token;

    public bool IsDropped => Volatile.Read(ref _isDropped) == 1;

    /// <summary>Queues an event without waiting; false (and the subscription is dropped) when the queue is full.</summary>
    public bool TryEnqueue(DeliveryEvent item)
    {
        if (_channel.Writer.TryWrite(item))
        {
            return true;
        }

        Drop();
        return false;
    }

    public void Drop()
    {
        if (Interlocked.Exchange(ref _isDropped, 1) == 0)
        {
            _channel.Writer.TryComplete();
            _ = _dropped.CancelAsync();
        }
    }
}
