namespace Vexil.Server.Auth;

/// <summary>
/// The kinds of rows in <c>api_tokens</c>, each with its own secret prefix and the one place it is accepted: API tokens
/// and API login sessions as <c>Authorization: Bearer</c>, dashboard sessions as the session cookie. A secret is
/// accepted only where its kind belongs, so a dashboard cookie is never an API credential and the other way round.
/// </summary>
internal static class TokenKinds
{
    /// <summary>An API token (<c>vx_api_</c>) made by an administrator for automation.</summary>
    public const string Api = "api";

    /// <summary>A login session of the admin API (<c>vx_ses_</c>, <c>POST /api/v1/auth/login</c>).</summary>
    public const string Session = "session";

    /// <summary>A dashboard session (<c>vx_web_</c>, the <c>vexil_session</c> cookie).</summary>
    public const string Dashboard = "dashboard";

    /// <summary>A one-time password-reset link (<c>vx_rst_</c>) issued by an administrator; never a credential for anything else.</summary>
    public const string Reset = "reset";

    /// <summary>True for the kinds that are a person's sign-in (API or dashboard session).</summary>
    public static bool IsSession(string kind) => kind is Session or Dashboard;

    /// <summary>The kind a bearer secret must have, from its prefix; null when it is no bearer credential of a person or automation.</summary>
    public static string? OfBearer(string secret) =>
        secret.StartsWith(SecretTokens.ApiTokenPrefix, StringComparison.Ordinal) ? Api
        : secret.StartsWith(SecretTokens.SessionPrefix, StringComparison.Ordinal) ? Session
        : null;
}
