using Vexil.Sdk.Snapshots;

namespace Vexil.Sdk.Delivery;

/// <summary>The result of one <c>GET /sdk/v1/ruleset</c>.</summary>
internal sealed record FetchResult(FetchOutcome Outcome, CompiledUpdate? Update = null, TimeSpan? RetryAfter = null, string? Error = null, int StatusCode = 0);
