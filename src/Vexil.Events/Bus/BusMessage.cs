namespace Vexil.Events.Bus;

/// <summary>One delivery of a message.</summary>
/// <param name="MessageId">The id it was published under.</param>
/// <param name="Payload">The bytes published.</param>
/// <param name="DeliveryCount">1 on the first delivery.</param>
/// <param name="Handle">The bus's own handle to acknowledge it.</param>
internal sealed record BusMessage(string MessageId, ReadOnlyMemory<byte> Payload, long DeliveryCount, object Handle)
{
    /// <summary>The delivery's consumer span, ended by the acknowledgement (null when the bus or nobody traces it).</summary>
    public System.Diagnostics.Activity? Span { get; init; }
}
