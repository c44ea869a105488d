namespace Vexil.Server.Auth;

/// <summary>Replaces the browser origins (CORS) a client key may be used from; an empty list allows none.</summary>
internal sealed record UpdateSdkKeyRequest(IReadOnlyList<string?>? AllowedOrigins);
