namespace Vexil.Server.Auth.Oidc;

/// <summary>One OpenID Connect provider (<c>Vexil:Auth:Oidc:Providers:{name}</c>).</summary>
internal sealed record OidcProviderOptions
{
    /// <summary>The issuer (<c>https://login.example.com/realms/x</c>); its discovery document is at <c>/.well-known/openid-configuration</c>. HTTPS, or HTTP on a loopback address.</summary>
    public string? Authority { get; init; }

    /// <summary>The dashboard's client id (authorization code flow with PKCE).</summary>
    public string? ClientId { get; init; }

    /// <summary>The dashboard client's secret; none for a public client (PKCE alone).</summary>
    public string? ClientSecret { get; init; }

    /// <summary>The command line's client id (device flow, a public client); defaults to <see cref="ClientId"/>. ID tokens for either are accepted by the token exchange.</summary>
    public string? CliClientId { get; init; }

    /// <summary>The scopes asked for; <c>openid</c> is always among them.</summary>
    public List<string> Scopes { get; init; } = ["openid", "profile", "email"];

    /// <summary>The name on the sign-in button ("Sign in with …"); defaults to the provider's name.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The claim that names a new account (made a valid account name); falls back to <c>email</c>, then <c>sub</c>.</summary>
    public string UsernameClaim { get; init; } = "preferred_username";

    /// <summary>Claims to roles and project scopes, in order: the first that matches decides.</summary>
    public List<OidcRoleMapping> Mappings { get; init; } = [];

    /// <summary>The role of a person no mapping matches (<c>viewer</c>, <c>editor</c>, <c>administrator</c>); unset, such a person cannot sign in.</summary>
    public string? DefaultRole { get; init; }
}
