namespace Vexil.Server.Auth.Oidc;

/// <summary>How people sign in (section <c>Vexil:Auth</c>): local passwords, OpenID Connect providers, or both; validated at start.</summary>
internal sealed record AuthOptions
{
    public const string Section = "Vexil:Auth";

    /// <summary>
    /// Whether local accounts may sign in with a password (<c>/api/v1/auth/login</c>, the dashboard's form). Off, only
    /// the providers sign people in; <c>vexil admin reset-password</c> with this turned back on is the way back in.
    /// </summary>
    public bool LocalPasswords { get; init; } = true;

    /// <summary>The OpenID Connect providers.</summary>
    public OidcOptions Oidc { get; init; } = new();
}
