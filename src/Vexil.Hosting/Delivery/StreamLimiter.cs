using Microsoft.Extensions.Options;

namespace Vexil.Hosting.Delivery;

/// <summary>
/// Counts open streams against <see cref="DeliveryOptions.MaxStreams"/>, so the server refuses (503) instead of
/// degrading; streams of client keys (public: anyone can open them) count also against a budget of their own,
/// <see cref="DeliveryOptions.MaxClientKeyStreams"/>, so they can never take the slots SDKs and edges need.
/// </summary>
internal sealed class StreamLimiter
{
    private readonly int _max;
    private readonly int _maxClientKeys;
    private int _open;
    private int _clientKeys;

    public StreamLimiter(IOptions<DeliveryOptions> options, DeliveryMetrics metrics)
    {
        _max = options.Value.MaxStreams;
        _maxClientKeys = options.Value.ClientKeyStreamBudget;
        metrics.Meter.CreateObservableGauge("vexil.delivery.client_key_streams", () => ClientKeyOpen, "{stream}", "Open streams of client keys (OFREP change streams), within their own budget.");
    }

    public int Open => Volatile.Read(ref _open);

    public int ClientKeyOpen => Volatile.Read(ref _clientKeys);

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

    /// <summary>A stream of a client key: a slot of the client keys' budget and one of the process's; null when granted, else the limit that refused it.</summary>
    public string? TryAcquireClientKey()
    {
        if (Interlocked.Increment(ref _clientKeys) > _maxClientKeys)
        {
            Interlocked.Decrement(ref _clientKeys);
            return StreamLimits.ClientKeys;
        }

        if (!TryAcquire())
        {
            Interlocked.Decrement(ref _clientKeys);
            return StreamLimits.Process;
        }

        return null;
    }

    public void ReleaseClientKey()
    {
        Release();
        Interlocked.Decrement(ref _clientKeys);
    }

    /// <summary>Releases a slot taken by <see cref="TryAcquireClientKey"/> (<paramref name="clientKey"/>) or <see cref="TryAcquire"/>.</summary>
    public void Release(bool clientKey)
    {
        if (clientKey)
        {
            ReleaseClientKey();
        }
        else
        {
            Release();
        }
    }
}
