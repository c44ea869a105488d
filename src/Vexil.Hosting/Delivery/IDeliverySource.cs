namespace Vexil.Hosting.Delivery;

/// <summary>Where the delivery endpoints find an environment's feed: the store (control plane) or the upstream follower (edge).</summary>
internal interface IDeliverySource
{
    /// <summary>The feed of an authenticated environment; null when it has no ruleset to serve.</summary>
    Task<DeliveryFeed?> GetFeedAsync(long environmentId, CancellationToken cancellationToken);

    /// <summary>Every feed created so far (for heartbeats).</summary>
    IEnumerable<DeliveryFeed> Feeds { get; }
}
