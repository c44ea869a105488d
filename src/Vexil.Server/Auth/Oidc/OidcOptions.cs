namespace Vexil.Server.Auth.Oidc;

/// <summary>The OpenID Connect providers (section <c>Vexil:Auth:Oidc</c>), by name.</summary>
internal sealed record OidcOptions
{
    /// <summary>Each provider under its name (<c>Vexil:Auth:Oidc:Providers:{name}</c>); the name is in URLs and in <c>vexil login --provider</c>.</summary>
    public Dictionary<string, OidcProviderOptions> Providers { get; init; } = new(StringComparer.Ordinal);
}
