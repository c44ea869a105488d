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
    public ValueTask<IReadOnlyList<WebhookSubscription>> ForProjectAsync(string project, CancellationToken cancellationToken)
    {
        var matches = new List<WebhookSubscription>();
        foreach (var subscription in _subscriptions)
        {
            if (subscription.Project == project)
            {
                matches.Add(subscription);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<WebhookSubscription>>(matches);
    }

    /// <inheritdoc />
    public ValueTask<WebhookSubscription?> FindAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        foreach (var subscription in _subscriptions)
        {
            if (subscription.Id == subscriptionId)
            {
                return ValueTask.FromResult<WebhookSubscription?>(subscription);
            }
        }

        return ValueTask.FromResult<WebhookSubscription?>(null);
    }
}
