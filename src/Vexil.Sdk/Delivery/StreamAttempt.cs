namespace Vexil.Sdk.Delivery;

/// <summary>How one stream connection ended.</summary>
/// <param name="Reached">True when an HTTP response came back (the server, or a proxy, was reached).</param>
/// <param name="Delivered">True when the stream delivered at least one byte of SSE.</param>
/// <param name="Refused">True on <c>401</c>/<c>403</c>.</param>
/// <param name="RetryAfter">The server's <c>Retry-After</c>, if any.</param>
/// <param name="Reason">Why it ended.</param>
/// <param name="StatusCode">The HTTP status, or 0.</param>
internal readonly record struct StreamAttempt(bool Reached, bool Delivered, bool Refused, TimeSpan? RetryAfter, string Reason, int StatusCode = 0);
