using System.Globalization;
using Vexil.Server.Auth;
using Vexil.Server.Dashboard.Auth;

namespace Vexil.Server.Dashboard.Keys;

/// <summary>
/// API tokens (administrators; SDK keys: <see cref="DashboardSdkKeys"/>): create, revoke. A new secret is shown once,
/// in the answer to the request that made it, and only its SHA-256 hash is kept.
/// </summary>
internal static class DashboardKeys
{
    public static void MapDashboardKeys(this IEndpointRouteBuilder app)
    {
        app.MapDashboardSdkKeys();
        app.MapGet("/tokens", TokensAsync).RequireAuthorization(DashboardPolicies.Administrator).ExcludeFromDescription();
        app.MapPost("/tokens", CreateTokenAsync).RequireAuthorization(DashboardPolicies.Administrator).RequireFormToken().ExcludeFromDescription();
        app.MapPost("/tokens/{id:long}/revoke", RevokeTokenAsync).RequireAuthorization(DashboardPolicies.Administrator).RequireFormToken().ExcludeFromDescription();
    }

    private static Task<IResult> TokensAsync(HttpContext context, DashboardData store, CancellationToken cancellationToken) =>
        TokensPageAsync(context, store, null, [], cancellationToken);

    private static async Task<IResult> TokensPageAsync(HttpContext context, DashboardData store, string? secret, IReadOnlyList<string> errors, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(context, store, context.Request.Cookies[DashboardPages.ProjectCookie], "tokens", cancellationToken)
            ?? await DashboardPages.ShellAsync(context, store, null, "tokens", cancellationToken);
        var tokens = (await store.Auth.ListApiTokensAsync(cancellationToken)).Where(t => t.Kind == TokenKinds.Api).ToList();
        var projects = shell!.Projects.ToDictionary(p => p.Id, p => p.Key);
        return DashboardPages.Render<Pages.TokensPage>(context, shell, new TokensModel(tokens, projects, secret, errors), errors.Count > 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }

    private static async Task<IResult> CreateTokenAsync(IFormCollection form, HttpContext context, DashboardData store, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var name = form["name"].ToString().Trim();
        errors.RequireText("name", name);
        var role = AuthStore.ParseRole(form["role"]);
        if (role is null)
        {
            errors.Add("role", "must be viewer, editor or administrator");
        }

        var projectKey = form["project"].ToString();
        var project = projectKey.Length == 0 ? null : await store.Projects.GetAsync(projectKey, cancellationToken);
        if (projectKey.Length > 0 && project is null)
        {
            errors.Add("project", "no such project");
        }

        int? days = int.TryParse(form["expiresInDays"], NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;
        if (days is < 1 or > 3650)
        {
            errors.Add("expiresInDays", "must be between 1 and 3650");
        }

        if (!errors.IsEmpty)
        {
            return await TokensPageAsync(context, store, null, [.. errors.Messages], cancellationToken);
        }

        var secret = SecretTokens.New(SecretTokens.ApiTokenPrefix);
        DateTimeOffset? expires = days is { } n ? time.GetUtcNow().AddDays(n) : null;
        await store.Auth.CreateApiTokenAsync(name, SecretTokens.Hash(secret), role!.Value, project?.Id, "api", expires, DashboardPages.WriteContext(context, null), cancellationToken);
        return await TokensPageAsync(context, store, secret, [], cancellationToken);
    }

    private static async Task<IResult> RevokeTokenAsync(long id, HttpContext context, DashboardData store, CancellationToken cancellationToken) =>
        await store.Auth.RevokeApiTokenAsync(id, DashboardPages.WriteContext(context, null), cancellationToken)
            ? TypedResults.Redirect("/tokens")
            : DashboardPages.NotFound(context);
}

/// <summary>The API tokens, and a secret just made (shown once).</summary>
internal sealed record TokensModel(IReadOnlyList<ApiTokenState> Tokens, IReadOnlyDictionary<long, string> Projects, string? Secret, IReadOnlyList<string> Errors);
