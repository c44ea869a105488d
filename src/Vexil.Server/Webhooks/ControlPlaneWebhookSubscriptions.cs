using Vexil.Events.Webhooks;

namespace Vexil.Server.Webhooks;

/// <summary>
/// The events library's view of the subscriptions, read from the store on each use so that every replica sees every
/// change at once. <see cref="ForProjectAsync"/> serves the publisher, which only matches and addresses deliveries, so it
/// answers without secrets (an unreadable secret then never holds up the outbox); <see cref="FindAsync"/> serves the
/// dispatcher at send time and unseals the secret (when it cannot, the attempt fails and the bus delivers it again).
/// </summary>
internal sealed class ControlPlaneWebhookSubscriptions(WebhookStore store, WebhookSecretProtector protector) : IWebhookSubscriptions
{
    public async ValueTask<IReadOnlyList<WebhookSubscription>> ForProjectAsync(string project, CancellationToken cancellationToken)
    {
        var states = await store.ListWebhooksAsync(project, cancellationToken);
        var subscriptions = new List<WebhookSubscription>(states.Count);
        foreach (var state in states)
        {
            subscriptions.Add(ToSubscription(state, string.Empty));
        }

        return subscriptions;
    }

    public async ValueTask<WebhookSubscription?> FindAsync(string subscriptionId, CancellationToken cancellationToken) =>
        await store.FindWebhookAsync(subscriptionId, cancellationToken) is { } state
            ? ToSubscription(state, protector.Unprotect(state.Id, state.SecretCipher))
            : null;

    private static WebhookSubscription ToSubscription(WebhookState state, string secret) =>
        new(state.Id, state.ProjectKey, new Uri(state.Data.Url), secret, state.Data.Events, state.Data.Environment);
}
