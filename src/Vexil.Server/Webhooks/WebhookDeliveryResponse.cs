using Vexil.Events.Webhooks;

namespace Vexil.Server.Webhooks;

/// <summary>One attempt of one delivery, from the delivery log.</summary>
internal sealed record WebhookDeliveryResponse(string DeliveryId, int Attempt, DateTimeOffset At, string Outcome, int? StatusCode, string? Error)
{
    public static WebhookDeliveryResponse From(WebhookAttempt a) =>
        new(a.DeliveryId, a.Attempt, a.At, a.Outcome switch
        {
            WebhookOutcome.Delivered => "delivered",
            WebhookOutcome.Retrying => "retrying",
            _ => "gaveUp",
        }, a.StatusCode, a.Error);
}
