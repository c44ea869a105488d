namespace Vexil.Delivery.Following;

/// <summary>What the stream does after an event.</summary>
internal enum EventOutcome
{
    /// <summary>Read the next event.</summary>
    Continue,

    /// <summary>The follower could not get back in step on this connection: reconnect after a backoff.</summary>
    Reconnect,

    /// <summary>The upstream refused the key.</summary>
    Refused,
}
