using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Vexil.Server.Hosting;
using Vexil.Server.Projects;
using Vexil.Server.Storage;

namespace Vexil.Server.Auth.Oidc;

/// <summary>
/// The one path from a provider's validated claims to a Vexil account, for the dashboard's sign-in and the command
/// line's token exchange: the mappings give the role (and project), the account linked to the issuer and subject is
/// found or created just in time, its role set to the one the claims give now; a disabled account is refused. All audited.
/// </summary>
internal sealed partial class OidcSignIn(AuthStore store, ProjectStore projects, IOptions<AuthOptions> auth, IOptions<VexilOptions> vexil, ILogger<OidcSignIn> logger)
{
    /// <summary>The answer to a disabled account (as for a local sign-in, it does not say more).</summary>
    public const string DisabledDetail = "This account cannot sign in.";

    /// <summary>Signs in the person of <paramref name="user"/>'s validated claims from the provider <paramref name="providerName"/>.</summary>
    public async Task<OidcSignInResult> SignInAsync(string providerName, ClaimsPrincipal user, string? address, string? requestId, CancellationToken cancellationToken)
    {
        var provider = auth.Value.Oidc.Providers[providerName];
        var sub = user.FindFirst("sub");
        if (sub is null || string.IsNullOrEmpty(sub.Value))
        {
            return OidcSignInResult.Refused("The provider's token names no subject (sub).");
        }

        var issuer = user.FindFirst("iss")?.Value ?? sub.Issuer;
        var actor = new WriteContext($"sso:{providerName}:{sub.Value}", requestId, address is null ? "single sign-on" : $"single sign-on from {address}");
        var grant = OidcRoleMapper.Map(provider, user);
        if (grant is null)
        {
            await store.AuditExternalRefusalAsync(providerName, issuer, sub.Value, "no mapping matches the person's claims", actor, cancellationToken);
            LogNoMapping(logger, providerName, sub.Value);
            return OidcSignInResult.Refused($"Your account at {DisplayName(providerName, provider)} has no role in Vexil: no mapping matches its claims. Ask an administrator.");
        }

        long? projectId = null;
        if (grant.Project is { } key)
        {
            var project = await projects.GetAsync(key, cancellationToken);
            if (project is null)
            {
                await store.AuditExternalRefusalAsync(providerName, issuer, sub.Value, $"the mapping's project '{key}' does not exist", actor, cancellationToken);
                return OidcSignInResult.Refused($"Your role is limited to the project '{key}', which does not exist. Ask an administrator.");
            }

            projectId = project.Id;
        }

        var name = AccountName(user.FindFirst(provider.UsernameClaim)?.Value ?? user.FindFirst("email")?.Value ?? sub.Value);
        var unusable = new AccountState(0, name, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), vexil.Value.PasswordIterations, grant.Role, default);
        var result = await store.SignInExternalAsync(new ExternalSignIn(providerName, issuer, sub.Value, name, grant.Role, grant.Project), unusable, actor, cancellationToken);
        if (result.Status != WriteStatus.Ok)
        {
            return OidcSignInResult.Refused($"No free account name for '{name}'. Ask an administrator.");
        }

        var account = result.Value!;
        if (account.DisabledAt is not null)
        {
            LogDisabled(logger, providerName, account.Username);
            return OidcSignInResult.Refused(DisabledDetail);
        }

        LogSignedIn(logger, providerName, account.Username, AuthStore.RoleName(account.Role), grant.Project);
        return new OidcSignInResult(account, projectId, null);
    }

    /// <summary>The name on the sign-in button.</summary>
    public static string DisplayName(string name, OidcProviderOptions provider) => string.IsNullOrWhiteSpace(provider.DisplayName) ? name : provider.DisplayName;

    /// <summary>A claim's value made a valid account name: letters, digits, '.', '_' and '-' kept, anything else '-', at most 100 characters.</summary>
    internal static string AccountName(string value)
    {
        var text = new StringBuilder(Math.Min(value.Length, 100));
        foreach (var c in value)
        {
            if (text.Length == 100)
            {
                break;
            }

            text.Append(char.IsAsciiLetterOrDigit(c) || (text.Length > 0 && c is '.' or '_' or '-') ? c : '-');
        }

        var name = text.ToString();
        return name.Length == 0 || !char.IsAsciiLetterOrDigit(name[0]) ? "user" + name : name;
    }

    [LoggerMessage(EventId = 4711, Level = LogLevel.Information, Message = "Single sign-on through {Provider}: {Username} signed in as {Role} (project {Project})")]
    private static partial void LogSignedIn(ILogger logger, string provider, string username, string role, string? project);

    [LoggerMessage(EventId = 4712, Level = LogLevel.Warning, Message = "Single sign-on through {Provider} refused for subject {Subject}: no mapping matches")]
    private static partial void LogNoMapping(ILogger logger, string provider, string subject);

    [LoggerMessage(EventId = 4713, Level = LogLevel.Warning, Message = "Single sign-on through {Provider} refused for the disabled account {Username}")]
    private static partial void LogDisabled(ILogger logger, string provider, string username);
}
