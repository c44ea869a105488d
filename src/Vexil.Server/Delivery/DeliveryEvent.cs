using System.Buffers;
using System.Net.ServerSentEvents;

namespace Vexil.Server.Delivery;

/// <summary>
/// One event of the delivery stream, framed once (with <see cref="SseFormatter"/>) and written as the same bytes to
/// every subscriber. <see cref="Data"/> is the event's JSON; <see cref="CommittedAt"/> when the change was committed.
/// </summary>
internal sealed class DeliveryEvent
{
    public const string RulesetType = "ruleset";
    public const string ChangeType = "change";

    private DeliveryEvent(string type, long version, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> frame, DateTimeOffset? committedAt)
    {
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

    public bool IsHeartbeat => ReferenceEquals(this, Heartbeat);

    public bool IsRuleset => Type == RulesetType;

    public static Task<DeliveryEvent> RulesetAsync(long version, ReadOnlyMemory<byte> utf8Json) =>
        CreateAsync(RulesetType, version, utf8Json, null);

    public static Task<DeliveryEvent> ChangeAsync(long version, ReadOnlyMemory<byte> utf8Json, DateTimeOffset? committedAt) =>
        CreateAsync(ChangeType, version, utf8Json, committedAt);

    /// <summary>The <c>retry:</c> field that opens every stream.</summary>
    public static byte[] RetryFrame(TimeSpan retry) =>
        System.Text.Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"retry: {(long)retry.TotalMilliseconds}\n\n"));

    private static async Task<DeliveryEvent> CreateAsync(string type, long version, ReadOnlyMemory<byte> data, DateTimeOffset? committedAt)
    {
        using var buffer = new MemoryStream(data.Length + 64);
        var item = new SseItem<ReadOnlyMemory<byte>>(data, type) { EventId = version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await SseFormatter.WriteAsync(One(item), buffer, static (i, writer) => writer.Write(i.Data.Span), CancellationToken.None);
        return new DeliveryEvent(type, version, data, buffer.ToArray(), committedAt);
    }

#pragma warning disable CS1998 // an async iterator of one item
    private static async IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> One(SseItem<ReadOnlyMemory<byte>> item)
    {
        yield return item;
    }
#pragma warning restore CS1998
}
