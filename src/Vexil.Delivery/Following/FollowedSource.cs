namespace Vexil.Delivery.Following;

/// <summary>How an update reached the follower.</summary>
public enum FollowedSource
{
    /// <summary>A <c>ruleset</c> event of the stream.</summary>
    StreamRuleset,

    /// <summary>A <c>change</c> event of the stream, applied to the ruleset held.</summary>
    StreamChange,

    /// <summary>A whole ruleset fetched to heal a gap or a change that could not be applied.</summary>
    Refetch,

    /// <summary>A whole ruleset fetched by polling.</summary>
    Poll,
}
