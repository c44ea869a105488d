using System.Collections.Concurrent;

namespace Vexil.Hosting.Delivery;

/// <summary>
/// Every open stream (<c>/sdk/v1/stream</c>, <c>/ofrep/v1/events</c>) by the key it was opened with, so that the streams
/// of a key that is no longer accepted are ended in O(streams of that key), and a key's streams can be counted against
/// a cap. The fan-out knows nothing of it: a stream is registered once when it opens and removed when it closes.
/// </summary>
internal sealed class OpenStreams
{
    private readonly ConcurrentDictionary<string, KeyStreams> _byKey = new(StringComparer.Ordinal);

    /// <summary>How many streams are open with <paramref name="keyHash"/>.</summary>
    public int CountOf(string keyHash) => _byKey.TryGetValue(keyHash, out var streams) ? streams.Count : 0;

    /// <summary>The keys that have streams open now.</summary>
    public IReadOnlyList<StreamCaller> Callers()
    {
        var callers = new List<StreamCaller>(_byKey.Count);
        foreach (var (_, streams) in _byKey)
        {
            callers.Add(streams.Caller);
        }

        return callers;
    }

    /// <summary>Registers a stream of <paramref name="caller"/>; null when that key already holds <paramref name="maxPerKey"/> streams.</summary>
    public OpenStream? TryOpen(StreamCaller caller, int maxPerKey)
    {
        while (true)
        {
            var streams = _byKey.GetOrAdd(caller.KeyHash, static (_, c) => new KeyStreams(c), caller);
            switch (streams.TryAdd(this, maxPerKey, out var stream))
            {
                case KeyStreams.Added.Yes:
                    return stream;
                case KeyStreams.Added.Full:
                    return null;
                default:
                    continue; // the entry was being removed as its last stream closed: take a fresh one
            }
        }
    }

    /// <summary>Ends every stream open with <paramref name="keyHash"/>; returns how many.</summary>
    public int End(string keyHash) => _byKey.TryGetValue(keyHash, out var streams) ? streams.EndAll() : 0;

    internal void Remove(KeyStreams streams) => _byKey.TryRemove(new KeyValuePair<string, KeyStreams>(streams.Caller.KeyHash, streams));

    /// <summary>One key's open streams.</summary>
    internal sealed class KeyStreams(StreamCaller caller)
    {
        private readonly Lock _gate = new();
        private readonly HashSet<OpenStream> _open = [];
        private bool _removed;

        public enum Added
        {
            Yes,
            Full,
            Removed,
        }

        public StreamCaller Caller { get; } = caller;

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _open.Count;
                }
            }
        }

        public Added TryAdd(OpenStreams owner, int max, out OpenStream? stream)
        {
            lock (_gate)
            {
                stream = null;
                if (_removed)
                {
                    return Added.Removed;
                }

                if (_open.Count >= max)
                {
                    return Added.Full;
                }

                stream = new OpenStream(owner, this);
                _open.Add(stream);
                return Added.Yes;
            }
        }

        public void Close(OpenStreams owner, OpenStream stream)
        {
            lock (_gate)
            {
                if (!_open.Remove(stream) || _open.Count > 0)
                {
                    return;
                }

                _removed = true;
            }

            owner.Remove(this);
        }

        public int EndAll()
        {
            OpenStream[] open;
            lock (_gate)
            {
                open = [.. _open];
            }

            foreach (var stream in open)
            {
                stream.End();
            }

            return open.Length;
        }
    }
}

/// <summary>
/// One registered stream: ended (its subscription ends, now or as soon as it is attached) when its key is no longer
/// accepted; disposing it unregisters it.
/// </summary>
internal sealed class OpenStream : IDisposable
{
    private readonly OpenStreams _owner;
    private readonly OpenStreams.KeyStreams _key;
    private readonly Lock _gate = new();
    private DeliverySubscription? _subscription;
    private bool _ended;
    private int _disposed;

    internal OpenStream(OpenStreams owner, OpenStreams.KeyStreams key)
    {
        _owner = owner;
        _key = key;
    }

    public StreamCaller Caller => _key.Caller;

    /// <summary>The subscription this stream reads; ended at once when the stream was ended before.</summary>
    public void Attach(DeliverySubscription subscription)
    {
        lock (_gate)
        {
            _subscription = subscription;
            if (!_ended)
            {
                return;
            }
        }

        subscription.End();
    }

    public void End()
    {
        DeliverySubscription? subscription;
        lock (_gate)
        {
            _ended = true;
            subscription = _subscription;
        }

        subscription?.End();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _key.Close(_owner, this);
        }
    }
}
