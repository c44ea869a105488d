namespace Vexil.Events.Webhooks;

/// <summary>One attempt to deliver a webhook, as the delivery log records it.</summary>
/// <param name="DeliveryId">The delivery (the same across its attempts; sent as <c>Vexil-Delivery</c>).</param>
/// <param name="SubscriptionId">The subscription it went to.</param>
/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="At">When the attempt ended.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="StatusCode">The receiver's HTTP status, when it answered.</param>
/// <param name="Error">Why it failed, when it did.</param>
public sealed record WebhookAttempt(string DeliveryId, string SubscriptionId, int Attempt, DateTimeOffset At, WebhookOutcome Outcome, int? StatusCode, string? Error);
