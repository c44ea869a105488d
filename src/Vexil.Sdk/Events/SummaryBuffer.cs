namespace Vexil.Sdk.Events;

/// <summary>
/// Summaries waiting to be sent, bounded: adding beyond the capacity drops the oldest (and counts them), so memory
/// stays bounded however long the events endpoint is slow, missing or failing.
/// </summary>
internal sealed class SummaryBuffer(int capacity)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<PendingSummary> _items = new();
    private long _dropped;
    private int _highWater;

    public int Capacity { get; } = capacity;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>The most summaries ever held at once.</summary>
    public int HighWater => Volatile.Read(ref _highWater);

    /// <summary>Every summary dropped so far.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Adds summaries; returns how many old ones were dropped to make room.</summary>
    public int Add(IReadOnlyList<PendingSummary> summaries)
    {
        var dropped = 0;
        lock (_gate)
        {
            foreach (var summary in summaries)
            {
                if (_items.Count >= Capacity)
                {
                    _items.RemoveFirst();
                    dropped++;
                }

                _items.AddLast(summary);
            }

            if (_items.Count > _highWater)
            {
                Volatile.Write(ref _highWater, _items.Count);
            }
        }

        Interlocked.Add(ref _dropped, dropped);
        return dropped;
    }

    /// <summary>The oldest summaries, at most <paramref name="max"/>, left in the buffer until <see cref="Remove"/>.</summary>
    public List<PendingSummary> Peek(int max)
    {
        lock (_gate)
        {
            var batch = new List<PendingSummary>(Math.Min(max, _items.Count));
            for (var node = _items.First; node is not null && batch.Count < max; node = node.Next)
            {
                batch.Add(node.Value);
            }

            return batch;
        }
    }

    /// <summary>Removes the summaries of a sent batch that are still held (some may have been dropped meanwhile).</summary>
    public void Remove(IReadOnlyList<PendingSummary> sent)
    {
        lock (_gate)
        {
            var set = new HashSet<PendingSummary>(sent, ReferenceEqualityComparer.Instance);
            var node = _items.First;
            while (node is not null && set.Count > 0)
            {
                var next = node.Next;
                if (set.Remove(node.Value))
                {
                    _items.Remove(node);
                }

                node = next;
            }
        }
    }
}
