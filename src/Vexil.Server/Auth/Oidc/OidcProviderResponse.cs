namespace Vexil.Server.Auth.Oidc;

/// <summary>A provider as the command line needs it for the device flow: its issuer, the command line's client id and the scopes.</summary>
internal sealed record OidcProviderResponse(string Name, string DisplayName, string Issuer, string ClientId, IReadOnlyList<string> Scopes);
