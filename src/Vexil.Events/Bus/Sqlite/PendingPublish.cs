namespace Vexil.Events.Bus.Sqlite;

/// <summary>A message waiting for the next group commit; <see cref="Done"/> completes once it is durable.</summary>
internal sealed class PendingPublish(string topic, string messageId, byte[] payload)
{
    public string Topic { get; } = topic;

    public string MessageId { get; } = messageId;

    public byte[] Payload { get; } = payload;

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
