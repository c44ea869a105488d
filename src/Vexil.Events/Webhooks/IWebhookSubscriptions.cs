namespace Vexil.Events.Webhooks;

/// <summary>Where subscriptions come from (the control plane owns them).</summary>
public interface IWebhookSubscriptions
{
    /// <summary>The subscriptions of one project.</summary>
    IReadOnlyList<WebhookSubscription> ForProject(string project);

    /// <summary>One subscription by id; null when it was removed (its pending deliveries are then dropped).</summary>
    WebhookSubscription? Find(string subscriptionId);
}
