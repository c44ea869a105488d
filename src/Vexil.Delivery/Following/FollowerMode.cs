namespace Vexil.Delivery.Following;

/// <summary>How the follower learns of new versions.</summary>
public enum FollowerMode
{
    /// <summary>Server-Sent Events from <c>/sdk/v1/stream</c>, resumed by <c>Last-Event-ID</c>.</summary>
    Streaming,

    /// <summary><c>/sdk/v1/ruleset</c> with <c>If-None-Match</c> every <see cref="FollowerOptions.PollInterval"/>.</summary>
    Polling,
}
