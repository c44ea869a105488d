namespace Vexil.Events.Webhooks;

/// <summary>Where subscriptions come from (the control plane owns them).</summary>
public interface IWebhookSubscriptions
{
    /// <summary>The subscriptions of one project.</summary>
    ValueTask<IReadOnlyList<WebhookSubscription>> ForProjectAsync(string project, CancellationToken cancellationToken);

    /// <summary>One subscription by id; null when it was removed or turned off (its pending deliveries are then dropped).</summary>
    ValueTask<WebhookSubscription?> FindAsync(string subscriptionId, CancellationToken cancellationToken);
}
