using System.Collections.Immutable;

namespace Vexil.Events.Webhooks;

/// <summary>Subscriptions held in memory, replaced as a whole (an immutable snapshot swapped atomically).</summary>
public sealed class InMemoryWebhookSubscriptions : IWebhookSubscriptions
{
    private ImmutableArray<WebhookSubscription> _subscriptions = [];

    /// <summary>Replaces every subscription.</summary>
    public void Set(IEnumerable<WebhookSubscription> subscriptions) =>
        ImmutableInterlocked.InterlockedExchange(ref _subscriptions, [.. subscriptions]);

    /// <inheritdoc />
    public IReadOnlyList<WebhookSubscription> ForProject(string project)
    {
        var matches = new List<WebhookSubscription>();
        foreach (var subscription in _subscriptions)
        {
            if (subscription.Project == project)
            {
                matches.Add(subscription);
            }
        }

        return matches;
    }

    /// <inheritdoc />
    public WebhookSubscription? Find(string subscriptionId)
    {
        foreach (var subscription in _subscriptions)
        {
            if (subscription.Id == subscriptionId)
            {
                return subscription;
            }
        }

        return null;
    }
}
