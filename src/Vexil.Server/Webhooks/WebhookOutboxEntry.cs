namespace Vexil.Server.Webhooks;

/// <summary>A committed change waiting to be published to the webhook bus (written in the change's own transaction).</summary>
internal sealed record WebhookOutboxEntry(long Id, string EventId, string Project, string? Environment, string EventType, string Data, DateTimeOffset At);
