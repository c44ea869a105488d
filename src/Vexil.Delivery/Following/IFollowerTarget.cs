using Vexil.Core.Evaluation;

namespace Vexil.Delivery.Following;

/// <summary>
/// What a <see cref="RulesetFollower"/> keeps current — the SDK's client, an edge's environment — and what it tells
/// it. The follower calls one method at a time, from its own loop; only <see cref="Current"/> and
/// <see cref="PublishAsync"/> are required, the notifications default to nothing.
/// </summary>
public interface IFollowerTarget
{
    /// <summary>The ruleset held now (the version the follower resumes from), or null while there is none.</summary>
    CompiledRuleset? Current { get; }

    /// <summary>
    /// Makes <paramref name="update"/> the ruleset held and passes it on (evaluation, downstream subscribers). Called
    /// only after the update was persisted, and only with a version above <see cref="Current"/>'s.
    /// </summary>
    ValueTask PublishAsync(FollowedUpdate update, CancellationToken cancellationToken);

    /// <summary>The upstream accepted the key (a stream opened, or a ruleset request was answered).</summary>
    void OnAccepted()
    {
    }

    /// <summary>A stream opened (status 200, <c>text/event-stream</c>).</summary>
    void OnConnected()
    {
    }

    /// <summary>The open stream delivered its first byte: it is live, and resumed from the version held.</summary>
    void OnLive()
    {
    }

    /// <summary>A stream attempt failed or ended, or a poll failed; the follower will try again.</summary>
    void OnConnectionFailed(string reason)
    {
    }

    /// <summary>The upstream confirmed that nothing newer than the ruleset held exists (a <c>304</c>, or an older ruleset).</summary>
    void OnCurrent()
    {
    }

    /// <summary>Something received was not applied (a whole ruleset is fetched next).</summary>
    void OnRejected(FollowerRejection rejection, long version, string reason)
    {
    }

    /// <summary>
    /// The upstream refused the key (<c>401</c>/<c>403</c> on <paramref name="endpoint"/>): revoked, or expired. The
    /// follower stops, or asks again after <see cref="FollowerOptions.RefusedRetryDelay"/>.
    /// </summary>
    ValueTask OnRefusedAsync(int status, string endpoint, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
