using Microsoft.Extensions.Options;
using Vexil.Events.Bus;
using Vexil.Events.Bus.Sqlite;

namespace Vexil.Edge.Events;

/// <summary>
/// The edge's durable, bounded queue of batches to forward: the events pipeline's SQLite bus (WAL, fsync on commit,
/// group commit, leases released after a crash) in <c>events-spool.db</c>, with a bound in batches and bytes. A
/// publish beyond the bound throws <see cref="BusUnavailableException"/>, which the ingestor answers with 503 and
/// Retry-After. Depth is counted in memory and recounted from the file whenever the forwarder finds the queue
/// empty (a re-sent batch the bus stored once is counted again until then), so the bound holds to within the
/// batches in flight.
/// </summary>
internal sealed class EventSpool : IMessageBus
{
    public const string Topic = "forward";
    public const string FileName = "events-spool.db";

    private readonly SqliteMessageBus _bus;
    private readonly EdgeEventsOptions _options;
    private long _batches;
    private long _bytes;
    private long _refused;

    public EventSpool(IOptions<EdgeOptions> edge, IOptions<EdgeEventsOptions> options, TimeProvider time)
    {
        _options = options.Value;
        Path = System.IO.Path.Combine(edge.Value.DataDirectory, FileName);

        // A re-sent batch (same id) within a day is stored once; the upstream de-duplicates beyond that. A lease
        // outlives any forwarding attempt, so a batch in flight is never handed out twice.
        var lease = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, 2 * _options.ForwardTimeout.Ticks));
        _bus = new SqliteMessageBus(Path, TimeSpan.FromDays(1), lease, time);
    }

    public string Path { get; }

    /// <summary>Batches waiting to be forwarded.</summary>
    public long Batches => Math.Max(0, Interlocked.Read(ref _batches));

    /// <summary>Bytes of batches waiting to be forwarded.</summary>
    public long Bytes => Math.Max(0, Interlocked.Read(ref _bytes));

    /// <summary>Batches refused because the spool was full, since start.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public bool IsFull => Batches >= _options.SpoolMaxBatches || Bytes >= _options.SpoolMaxBytes;

    /// <summary>A sender's batch (through the ingestor); refused when full, and counted as refused.</summary>
    public async Task PublishAsync(string topic, string messageId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!await TryPublishAsync(messageId, payload, cancellationToken))
        {
            Interlocked.Increment(ref _refused);
            throw new BusUnavailableException("the edge's event spool is full");
        }
    }

    /// <summary>The spool's file answers (a full spool still does: it refuses batches, not checks).</summary>
    public Task CheckAsync(CancellationToken cancellationToken) => _bus.CheckAsync(cancellationToken);

    /// <summary>Spools a batch unless the spool is full (false: the caller drops it).</summary>
    public async Task<bool> TryPublishAsync(string messageId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var bytes = Interlocked.Add(ref _bytes, payload.Length);
        var batches = Interlocked.Increment(ref _batches);
        if (bytes > _options.SpoolMaxBytes || batches > _options.SpoolMaxBatches)
        {
            Release(payload.Length);
            return false;
        }

        try
        {
            await _bus.PublishAsync(Topic, messageId, payload, cancellationToken);
            return true;
        }
        catch
        {
            Release(payload.Length);
            throw;
        }
    }

    public Task<IMessageConsumer> OpenConsumerAsync(string topic, string consumerName, CancellationToken cancellationToken) =>
        _bus.OpenConsumerAsync(topic, consumerName, cancellationToken);

    /// <summary>A forwarded (or dropped) batch left the spool.</summary>
    public void Release(int payloadBytes)
    {
        Interlocked.Add(ref _bytes, -payloadBytes);
        Interlocked.Decrement(ref _batches);
    }

    /// <summary>Sets the depth from the file (at start, and whenever the forwarder finds nothing to send).</summary>
    public async Task RecountAsync(CancellationToken cancellationToken)
    {
        var (count, bytes) = await _bus.MeasureAsync(Topic, cancellationToken);
        Interlocked.Exchange(ref _batches, count);
        Interlocked.Exchange(ref _bytes, bytes);
    }

    public ValueTask DisposeAsync() => _bus.DisposeAsync();
}
