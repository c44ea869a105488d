namespace Vexil.Server.Auth.Oidc;

/// <summary>The body of <c>POST /api/v1/auth/oidc/{provider}/token</c>: an ID token the provider issued to Vexil's dashboard or command-line client.</summary>
internal sealed record OidcTokenRequest(string? IdToken);
