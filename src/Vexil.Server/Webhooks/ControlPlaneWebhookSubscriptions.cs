using Vexil.Events.Webhooks;

namespace Vexil.Server.Webhooks;

/// <summary>
/// The events library's view of the subscriptions, read from the store on each use so that every replica sees every
/// change at once. <see cref="ForProjectAsync"/> serves the publisher, which only matches and addresses deliveries, so it
/// answers without secrets (an unreadable secret then never holds up the outbox); <see cref="FindAsync"/> serves the
/// dispatcher at send time and unseals the secret (when it cannot, the attempt fails and the bus delivers it again).
/// A disabled webhook is neither: the publisher addresses it nothing new, and the dispatcher drops what was queued for
/// it before it was turned off (as for a deleted one), so turning it on again starts from the next change.
/// </summary>
internal sealed class ControlPlaneWebhookSubscriptions(WebhookStore store, WebhookSecretProtector protector) : IWebhookSubscriptions
{
    public async ValueTask<IReadOnlyList<WebhookSubscription>> ForProjectAsync(string project, CancellationToken cancellationToken)
    {
        var states = await store.ListWebhooksAsync(project, cancellationToken);
        var subscriptions = new List<WebhookSubscription>(states.Count);
        foreach (var state in states)
        {
            if (state.Data.Enabled)
            {
                subscriptions.Add(ToSubscription(state, string.Empty));
            }
        }

        return subscriptions;
    }

    public async ValueTask<WebhookSubscription?> FindAsync(string subscriptionId, CancellationToken cancellationToken) =>
        await store.FindWebhookAsync(subscriptionId, cancellationToken) is { Data.Enabled: true } state
            ? ToSubscription(state, protector.Unprotect(state.Id, state.SecretCipher))
            : null;

    private static WebhookSubscription ToSubscription(WebhookState state, string secret) =>
        new(state.Id, state.ProjectKey, new Uri(state.Data.Url), secret, state.Data.Events, state.Data.Environment);
}
