namespace Vexil.Server.Auth;

/// <summary>
/// Replaces one SDK key with a new key of the same kind and name. The old key keeps working for
/// <c>overlapSeconds</c> (0, the default: it stops now), then expires; no other key changes.
/// </summary>
/// <param name="OverlapSeconds">0 to 2592000 (30 days).</param>
/// <param name="AllowedOrigins">Client keys only; when omitted, the new key keeps the old key's origins.</param>
internal sealed record RotateSdkKeyRequest(int? OverlapSeconds = null, IReadOnlyList<string?>? AllowedOrigins = null);
