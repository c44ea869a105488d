namespace Vexil.Server.Auth;

/// <summary>
/// Adds an SDK key of a kind; existing keys of that kind keep working for the overlap, then expire. A client key's
/// <see cref="AllowedOrigins"/> (CORS) default to those of the newest active client key, so a rotation keeps them.
/// </summary>
internal sealed record RotateSdkKeyRequest(string? Kind, int? OverlapSeconds, IReadOnlyList<string?>? AllowedOrigins = null);
