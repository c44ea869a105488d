using System.Security.Cryptography;
using Vexil.Server.Audit;
using Vexil.Server.Auth;
using Vexil.Server.Auth.Accounts;
using Vexil.Server.Dashboard.Auth;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard.Accounts;

/// <summary>
/// Accounts (administrators), as the API manages them: list, create (with a password, or invited with a one-time
/// link), change the role, disable and enable, delete, issue a reset link. Every write is the store's (audited); the
/// last enabled administrator and one's own account are protected as in the API.
/// </summary>
internal static class DashboardAccounts
{
    private const int ActivityShown = 20;

    public static void MapDashboardAccounts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/accounts").RequireAuthorization(DashboardPolicies.Administrator).ExcludeFromDescription();
        group.MapGet("/", ListAsync);
        group.MapPost("/", CreateAsync).RequireFormToken();
        group.MapPost("/{username}/role", RoleAsync).RequireFormToken();
        group.MapPost("/{username}/disable", (string username, HttpContext http, DashboardData store, CancellationToken ct) => SetDisabledAsync(username, true, http, store, ct)).RequireFormToken();
        group.MapPost("/{username}/enable", (string username, HttpContext http, DashboardData store, CancellationToken ct) => SetDisabledAsync(username, false, http, store, ct)).RequireFormToken();
        group.MapPost("/{username}/delete", DeleteAsync).RequireFormToken();
        group.MapPost("/{username}/reset-link", ResetLinkAsync).RequireFormToken();
    }

    private static Task<IResult> ListAsync(HttpContext http, DashboardData store, string? saved, CancellationToken cancellationToken) =>
        PageAsync(http, store, saved is null ? null : "Saved.", null, [], null, cancellationToken);

    private static async Task<IResult> PageAsync(HttpContext http, DashboardData store, string? notice, string? link, IReadOnlyList<string> errors, IFormCollection? posted, CancellationToken cancellationToken, int? status = null)
    {
        var shell = await DashboardPages.ShellAsync(http, store, http.Request.Cookies[DashboardPages.ProjectCookie], "accounts", cancellationToken)
            ?? await DashboardPages.ShellAsync(http, store, null, "accounts", cancellationToken);
        var accounts = await store.Auth.ListAccountsAsync(cancellationToken);
        var activity = await store.Audit.ListAsync(new AuditQuery(null, null, ActivityShown, ResourcePrefixes: AccountSentences.Resources), cancellationToken);
        var model = new AccountsModel(accounts, http.User.AccountOf() ?? string.Empty, notice, link, errors) { Posted = posted, Activity = activity };
        return DashboardPages.Render<Pages.AccountsPage>(http, shell, model, status ?? (errors.Count > 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK));
    }

    private static async Task<IResult> CreateAsync(IFormCollection form, HttpContext http, DashboardData store, PasswordHasher hasher, TimeProvider time, CancellationToken cancellationToken)
    {
        var username = form["username"].ToString().Trim();
        var password = form["password"].ToString();
        var invite = password.Length == 0;
        var errors = new ValidationErrors();
        errors.RequireKey("username", username);
        if (!invite)
        {
            Passwords.Check(errors, "password", password);
        }

        var role = AuthStore.ParseRole(form["role"]);
        if (role is null)
        {
            errors.Add("role", "must be viewer, editor or administrator");
        }

        if (!errors.IsEmpty)
        {
            return await PageAsync(http, store, null, null, [.. errors.Messages], form, cancellationToken);
        }

        // An invited account gets a random password nobody knows; its link sets the real one.
        var initial = invite ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) : password;
        var write = DashboardPages.WriteContext(http, null);
        var created = await store.Auth.CreateAccountAsync(hasher.Hash(username, initial, role!.Value), write, cancellationToken);
        if (created.Status == WriteStatus.Conflict)
        {
            return await PageAsync(http, store, null, null, ["username is taken by another account"], form, cancellationToken);
        }

        if (created.Status != WriteStatus.Ok)
        {
            return await PageAsync(http, store, null, null, [created.Detail ?? "The account was not created."], form, cancellationToken);
        }

        if (!invite)
        {
            return await PageAsync(http, store, $"Account {username} created as {AuthStore.RoleName(role.Value)}.", null, [], null, cancellationToken);
        }

        var link = await IssueLinkAsync(http, store, time, username, write, cancellationToken);
        return await PageAsync(http, store, $"Account {username} created as {AuthStore.RoleName(role.Value)}. Send them this link to choose a password (it works once, for {ResetLinks.Lifetime.TotalHours:0} hours):", link, [], null, cancellationToken);
    }

    private static async Task<IResult> RoleAsync(string username, IFormCollection form, HttpContext http, DashboardData store, CancellationToken cancellationToken)
    {
        var role = AuthStore.ParseRole(form["role"]);
        if (role is null)
        {
            return await PageAsync(http, store, null, null, ["role must be viewer, editor or administrator"], null, cancellationToken);
        }

        if (username == http.User.AccountOf() && role != Role.Administrator)
        {
            return await PageAsync(http, store, null, null, ["You cannot lower your own role."], null, cancellationToken, StatusCodes.Status409Conflict);
        }

        var result = await store.Auth.SetAccountRoleAsync(username, role.Value, DashboardPages.WriteContext(http, null), cancellationToken);
        return result.Status switch
        {
            WriteStatus.Ok => DashboardPages.SeeOther("/accounts?saved=1"),
            WriteStatus.Conflict => await PageAsync(http, store, null, null, ["The last enabled administrator must stay an administrator."], null, cancellationToken, StatusCodes.Status409Conflict),
            _ => DashboardPages.NotFound(http),
        };
    }

    private static async Task<IResult> SetDisabledAsync(string username, bool disabled, HttpContext http, DashboardData store, CancellationToken cancellationToken)
    {
        if (disabled && username == http.User.AccountOf())
        {
            return await PageAsync(http, store, null, null, ["You cannot disable your own account."], null, cancellationToken, StatusCodes.Status409Conflict);
        }

        var result = await store.Auth.SetAccountDisabledAsync(username, disabled, DashboardPages.WriteContext(http, null), cancellationToken);
        return result.Status switch
        {
            WriteStatus.Ok => DashboardPages.SeeOther("/accounts?saved=1"),
            WriteStatus.Conflict => await PageAsync(http, store, null, null, ["The last enabled administrator cannot be disabled."], null, cancellationToken, StatusCodes.Status409Conflict),
            _ => DashboardPages.NotFound(http),
        };
    }

    private static async Task<IResult> DeleteAsync(string username, IFormCollection form, HttpContext http, DashboardData store, CancellationToken cancellationToken)
    {
        if (username == http.User.AccountOf())
        {
            return await PageAsync(http, store, null, null, ["You cannot delete your own account."], null, cancellationToken, StatusCodes.Status409Conflict);
        }

        var result = await store.Auth.DeleteAccountAsync(username, DashboardPages.WriteContext(http, null), cancellationToken);
        return result.Status switch
        {
            WriteStatus.Ok => DashboardPages.SeeOther("/accounts?saved=1"),
            WriteStatus.Conflict => await PageAsync(http, store, null, null, ["The last enabled administrator cannot be deleted."], null, cancellationToken, StatusCodes.Status409Conflict),
            _ => DashboardPages.NotFound(http),
        };
    }

    private static async Task<IResult> ResetLinkAsync(string username, IFormCollection form, HttpContext http, DashboardData store, TimeProvider time, CancellationToken cancellationToken)
    {
        var link = await IssueLinkAsync(http, store, time, username, DashboardPages.WriteContext(http, null), cancellationToken);
        return link is null
            ? DashboardPages.NotFound(http)
            : await PageAsync(http, store, $"A reset link for {username} (it works once, for {ResetLinks.Lifetime.TotalHours:0} hours; an earlier link stops working):", link, [], null, cancellationToken);
    }

    /// <summary>A one-time link to the reset page, or null when there is no such enabled account.</summary>
    private static async Task<string?> IssueLinkAsync(HttpContext http, DashboardData store, TimeProvider time, string username, WriteContext write, CancellationToken cancellationToken)
    {
        var token = SecretTokens.New(SecretTokens.ResetPrefix);
        var result = await store.Auth.IssueResetLinkAsync(username, SecretTokens.Hash(token), time.GetUtcNow() + ResetLinks.Lifetime, write, cancellationToken);
        return result.Status == WriteStatus.Ok ? ResetLinks.Url(http.Request, token) : null;
    }
}
