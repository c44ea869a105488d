namespace Vexil.Server.Auth;

/// <summary>A local account as the API shows it (never its hash); <paramref name="DisabledAt"/> is set while it cannot sign in.</summary>
internal sealed record AccountResponse(string Username, string Role, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt = null)
{
    /// <summary>The response of a stored account.</summary>
    public static AccountResponse Of(AccountState a) => new(a.Username, AuthStore.RoleName(a.Role), a.CreatedAt, a.DisabledAt);
}
