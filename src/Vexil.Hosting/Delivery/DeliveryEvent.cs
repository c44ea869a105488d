using System.Buffers;
using System.Net.ServerSentEvents;
using Vexil.Delivery.Tracing;

namespace Vexil.Hosting.Delivery;

/// <summary>
/// One event of the delivery stream, framed once (with <see cref="SseFormatter"/>) and written as the same bytes to
/// every subscriber. <see cref="Data"/> is the event's JSON; <see cref="CommittedAt"/> when the change was committed.
/// </summary>
internal sealed class DeliveryEvent
{
    public const string RulesetType = "ruleset";
    public const string ChangeType = "change";

    private DeliveryEvent(string type, long version, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> frame, DateTimeOffset? committedAt, ChangeTrace? trace = null)
    {
        Trace = trace;
        Type = type;
        Version = version;
        Data = data;
        Frame = frame;
        CommittedAt = committedAt;
    }

    /// <summary>A comment that keeps idle streams open.</summary>
    public static DeliveryEvent Heartbeat { get; } = new("heartbeat", 0, default, ": heartbeat\n\n"u8.ToArray(), null);

    public string Type { get; }

    public long Version { get; }

    public ReadOnlyMemory<byte> Data { get; }

    public ReadOnlyMemory<byte> Frame { get; }

    public DateTimeOffset? CommittedAt { get; }

    /// <summary>The trace context framed before a change (a <c>trace</c> event), or null when it was not traced.</summary>
    public ChangeTrace? Trace { get; }

    public bool IsHeartbeat => ReferenceEquals(this, Heartbeat);

    public bool IsRuleset => Type == RulesetType;

    public static Task<DeliveryEvent> RulesetAsync(long version, ReadOnlyMemory<byte> utf8Json) =>
        CreateAsync(RulesetType, version, utf8Json, null);

    /// <summary>
    /// A change; with <paramref name="trace"/> its frame is a <c>trace</c> event (no id, so it never moves a
    /// receiver's Last-Event-ID) followed by the <c>change</c> event, whose bytes are the same either way.
    /// </summary>
    public static Task<DeliveryEvent> ChangeAsync(long version, ReadOnlyMemory<byte> utf8Json, DateTimeOffset? committedAt, ChangeTrace? trace = null) =>
        CreateAsync(ChangeType, version, utf8Json, committedAt, trace);

    /// <summary>The <c>retry:</c> field that opens every stream.</summary>
    public static byte[] RetryFrame(TimeSpan retry) =>
        System.Text.Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"retry: {(long)retry.TotalMilliseconds}\n\n"));

    private static async Task<DeliveryEvent> CreateAsync(string type, long version, ReadOnlyMemory<byte> data, DateTimeOffset? committedAt, ChangeTrace? trace = null)
    {
        using var buffer = new MemoryStream(data.Length + 64);
        if (trace is not null)
        {
            var context = new SseItem<ReadOnlyMemory<byte>>(trace.ToUtf8Json(), ChangeTrace.EventType);
            await SseFormatter.WriteAsync(One(context), buffer, static (i, writer) => writer.Write(i.Data.Span), CancellationToken.None);
        }

        var item = new SseItem<ReadOnlyMemory<byte>>(data, type) { EventId = version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await SseFormatter.WriteAsync(One(item), buffer, static (i, writer) => writer.Write(i.Data.Span), CancellationToken.None);
        return new DeliveryEvent(type, version, data, buffer.ToArray(), committedAt, trace);
    }

#pragma warning disable CS1998 // an async iterator of one item
    private static async IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> One(SseItem<ReadOnlyMemory<byte>> item)
    {
        yield return item;
    }
#pragma warning restore CS1998
}
