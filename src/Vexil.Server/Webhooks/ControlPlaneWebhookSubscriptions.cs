using Vexil.Events.Webhooks;
using Vexil.Server.Storage;

namespace Vexil.Server.Webhooks;

/// <summary>The events library's view of the subscriptions: read from the store on each use (so every replica sees every change), secrets unsealed.</summary>
internal sealed class ControlPlaneWebhookSubscriptions(IControlPlaneStore store, WebhookSecretProtector protector) : IWebhookSubscriptions
{
    public async ValueTask<IReadOnlyList<WebhookSubscription>> ForProjectAsync(string project, CancellationToken cancellationToken)
    {
        var states = await store.ListWebhooksAsync(project, cancellationToken);
        var subscriptions = new List<WebhookSubscription>(states.Count);
        foreach (var state in states)
        {
            subscriptions.Add(ToSubscription(state));
        }

        return subscriptions;
    }

    public async ValueTask<WebhookSubscription?> FindAsync(string subscriptionId, CancellationToken cancellationToken) =>
        await store.FindWebhookAsync(subscriptionId, cancellationToken) is { } state ? ToSubscription(state) : null;

    private WebhookSubscription ToSubscription(WebhookState state) =>
        new(state.Id, state.ProjectKey, new Uri(state.Data.Url), protector.Unprotect(state.Id, state.SecretCipher), state.Data.Events, state.Data.Environment);
}
