namespace Vexil.Server.Auth.Oidc;

/// <summary>The end of a provider's sign-in: the account and the project its session is limited to, or why it was refused (a sentence for the person).</summary>
internal sealed record OidcSignInResult(AccountState? Account, long? ProjectId, string? Refusal)
{
    public static OidcSignInResult Refused(string reason) => new(null, null, reason);
}
