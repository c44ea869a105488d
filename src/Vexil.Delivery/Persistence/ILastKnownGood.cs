using Vexil.Delivery.Following;

namespace Vexil.Delivery.Persistence;

/// <summary>
/// Where a follower keeps the last ruleset it accepted, so a restart serves it at once. The follower saves each update
/// here and publishes it only once the save completed: a process killed in between restarts at the version it had
/// published, never one behind.
/// </summary>
public interface ILastKnownGood
{
    /// <summary>Makes <paramref name="update"/> durable (a change appended, or a whole ruleset written).</summary>
    ValueTask SaveAsync(FollowedUpdate update, CancellationToken cancellationToken);
}
