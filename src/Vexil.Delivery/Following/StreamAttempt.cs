namespace Vexil.Delivery.Following;

/// <summary>How one stream connection ended.</summary>
/// <param name="Reached">True when an HTTP response came back (the upstream, or a proxy, was reached).</param>
/// <param name="Delivered">True when the stream delivered at least one byte.</param>
/// <param name="Refused">True when the key was refused (on the stream, or on a ruleset fetched to heal it).</param>
/// <param name="RetryAfter">The upstream's <c>Retry-After</c>, if any.</param>
/// <param name="Reason">Why it ended.</param>
internal readonly record struct StreamAttempt(bool Reached, bool Delivered, bool Refused, TimeSpan? RetryAfter, string Reason);
