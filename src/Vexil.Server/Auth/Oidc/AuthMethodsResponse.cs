namespace Vexil.Server.Auth.Oidc;

/// <summary>How people may sign in (<c>GET /api/v1/auth/methods</c>): local passwords or not, and the providers.</summary>
internal sealed record AuthMethodsResponse(bool LocalPasswords, IReadOnlyList<OidcProviderResponse> Providers);
