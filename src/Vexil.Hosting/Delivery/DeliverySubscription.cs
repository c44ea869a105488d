using System.Threading.Channels;

namespace Vexil.Hosting.Delivery;

/// <summary>
/// One stream's bounded queue. The broadcaster only ever calls <see cref="TryEnqueue"/>, which never waits: when the
/// queue is full the subscription is dropped (its writer loop stops and the connection closes; the client resumes by version).
/// A stream whose key is no longer accepted (revoked, expired, refused upstream) is <see cref="End">ended</see>: its writer
/// loop stops before writing anything more and the response ends.
/// </summary>
/// <remarks>
/// Continuations run synchronously: when the stream's writer loop is parked waiting for an event, the enqueuing thread
/// runs it on the spot (copy the frame into the response, flush; the socket send completes at once or the loop goes
/// on waiting asynchronously), instead of handing every subscriber of every event to the thread pool. That is safe
/// because nothing in the loop blocks, and the broadcaster fans out outside the feed's lock (see <see cref="DeliveryFeed"/>).
/// </remarks>
internal sealed class DeliverySubscription
{
    private const int Open = 0;
    private const int Closed = 1;
    private const int DroppedState = 2;
    private const int EndedState = 3;

    private readonly Channel<DeliveryEvent> _channel;
    // Never disposed: it has no timer, and the broadcaster may still drop a subscription its writer has left.
    private readonly CancellationTokenSource _stopped = new();
    private int _state;

    public DeliverySubscription(int capacity)
    {
        _channel = Channel.CreateBounded<DeliveryEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = true,
        });
    }

    public ChannelReader<DeliveryEvent> Reader => _channel.Reader;

    /// <summary>Cancelled when the subscriber fell too far behind (<see cref="IsDropped"/>) or its key was refused (<see cref="IsEnded"/>).</summary>
    public CancellationToken Stopped => _stopped.Token;

    public bool IsDropped => Volatile.Read(ref _state) == DroppedState;

    /// <summary>True once <see cref="End"/> was called: nothing more may be written to this stream.</summary>
    public bool IsEnded => Volatile.Read(ref _state) == EndedState;

    /// <summary>Queues an event without waiting; false when the stream is closed or the queue is full (then the subscription is dropped).</summary>
    public bool TryEnqueue(DeliveryEvent item)
    {
        if (_channel.Writer.TryWrite(item))
        {
            return true;
        }

        Drop();
        return false;
    }

    /// <summary>The subscriber fell too far behind: ends the queue and cancels <see cref="Stopped"/>.</summary>
    public void Drop()
    {
        if (Interlocked.CompareExchange(ref _state, DroppedState, Open) == Open)
        {
            _channel.Writer.TryComplete();
            _ = _stopped.CancelAsync();
        }
    }

    /// <summary>The stream's key is no longer accepted: ends the queue and cancels <see cref="Stopped"/> (not counted as a drop).</summary>
    public void End()
    {
        if (Interlocked.CompareExchange(ref _state, EndedState, Open) == Open)
        {
            _channel.Writer.TryComplete();
            _ = _stopped.CancelAsync();
        }
    }

    /// <summary>The client left: ends the queue so the writer loop stops (not counted as a drop).</summary>
    public void Close()
    {
        if (Interlocked.CompareExchange(ref _state, Closed, Open) == Open)
        {
            _channel.Writer.TryComplete();
        }
    }
}
