namespace Vexil.Server.Delivery;

/// <summary>Counts open streams against <see cref="DeliveryOptions.MaxStreams"/>, so the server refuses (503) instead of degrading.</summary>
internal sealed class StreamLimiter(Microsoft.Extensions.Options.IOptions<DeliveryOptions> options)
{
    private readonly int _max = options.Value.MaxStreams;
    private int _open;

    public int Open => Volatile.Read(ref _open);

    public bool TryAcquire()
    {
        if (Interlocked.Increment(ref _open) <= _max)
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _open);
}
