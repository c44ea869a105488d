namespace Vexil.Delivery.Following;

/// <summary>The outcome of one ruleset request, with the upstream's <c>Retry-After</c> and the reason of a failure.</summary>
internal readonly record struct FetchResult(FetchOutcome Outcome, TimeSpan? RetryAfter = null, string? Error = null);
