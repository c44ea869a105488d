namespace Vexil.Edge.Events;

/// <summary>What became of one attempt to forward a spooled batch.</summary>
internal readonly record struct ForwardOutcome(ForwardResult Result, string? Reason = null, TimeSpan? RetryAfter = null)
{
    public static ForwardOutcome Delivered { get; } = new(ForwardResult.Delivered);

    public static ForwardOutcome Drop(string reason) => new(ForwardResult.Dropped, reason);

    public static ForwardOutcome Retry(string reason, TimeSpan? after = null) => new(ForwardResult.Retry, reason, after);
}

internal enum ForwardResult
{
    /// <summary>The upstream accepted it (202, or a duplicate it already had).</summary>
    Delivered,

    /// <summary>It can never be delivered (the upstream answered 400 or 413): dropped and counted.</summary>
    Dropped,

    /// <summary>Not now (upstream down, 5xx, 429, a timeout): it stays in the spool.</summary>
    Retry,
}
