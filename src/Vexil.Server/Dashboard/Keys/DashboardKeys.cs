using System.Globalization;
using Vexil.Server.Auth;
using Vexil.Server.Dashboard.Auth;

namespace Vexil.Server.Dashboard.Keys;

/// <summary>
/// SDK keys of an environment and API tokens (administrators): create or rotate, revoke. A new secret is shown once,
/// in the answer to the request that made it, and only its SHA-256 hash is kept.
/// </summary>
internal static class DashboardKeys
{
    public static void MapDashboardKeys(this IEndpointRouteBuilder app)
    {
        app.MapGet("/projects/{project}/keys", KeysAsync).RequireAuthorization(DashboardPolicies.Administrator).ExcludeFromDescription();
        app.MapPost("/projects/{project}/keys", RotateAsync).RequireAuthorization(DashboardPolicies.Administrator).RequireFormToken().ExcludeFromDescription();
        app.MapPost("/projects/{project}/keys/{id:long}/revoke", RevokeKeyAsync).RequireAuthorization(DashboardPolicies.Administrator).RequireFormToken().ExcludeFromDescription();
        app.MapGet("/tokens", TokensAsync).RequireAuthorization(DashboardPolicies.Administrator).ExcludeFromDescription();
        app.MapPost("/tokens", CreateTokenAsync).RequireAuthorization(DashboardPolicies.Administrator).RequireFormToken().ExcludeFromDescription();
        app.MapPost("/tokens/{id:long}/revoke", RevokeTokenAsync).RequireAuthorization(DashboardPolicies.Administrator).RequireFormToken().ExcludeFromDescription();
    }

    private static Task<IResult> KeysAsync(string project, HttpContext context, DashboardData store, TimeProvider time, CancellationToken cancellationToken) =>
        KeysPageAsync(context, store, time, project, null, null, cancellationToken);

    private static async Task<IResult> KeysPageAsync(HttpContext context, DashboardData store, TimeProvider time, string project, string? secret, string? message, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(context, store, project, "keys", cancellationToken);
        if (shell?.Environment is null)
        {
            return DashboardPages.NotFound(context);
        }

        var keys = await store.Auth.ListSdkKeysAsync(shell.Environment.Id, cancellationToken);
        return DashboardPages.Render<Pages.KeysPage>(context, shell, new KeysModel(keys, time.GetUtcNow(), secret, message));
    }

    private static async Task<IResult> RotateAsync(string project, IFormCollection form, HttpContext context, DashboardData store, SdkKeyCache sdkKeys, TimeProvider time, CancellationToken cancellationToken)
    {
        var environment = form["env"].ToString();
        var kind = form["kind"].ToString();
        var env = await store.Environments.GetAsync(project, environment, cancellationToken);
        if (env is null || !SdkKeyKind.IsValid(kind))
        {
            return DashboardPages.NotFound(context);
        }

        var hours = int.TryParse(form["overlapHours"], NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? Math.Clamp(h, 0, 720) : 0;
        var secret = SecretTokens.New(kind == SdkKeyKind.Server ? SecretTokens.ServerKeyPrefix : SecretTokens.ClientKeyPrefix);
        // The form rotates the newest current key of the kind (only that one), or creates the first.
        var now = time.GetUtcNow();
        var current = (await store.Auth.ListSdkKeysAsync(env.Id, cancellationToken)).LastOrDefault(k => k.Kind == kind && k.ExpiresAt is null && k.IsActive(now));
        var write = DashboardPages.WriteContext(context, null);
        var made = current is null
            ? await store.Auth.CreateSdkKeyAsync(env.Id, kind, null, SecretTokens.Hash(secret), SecretTokens.Hint(secret), [], write, cancellationToken)
            : await store.Auth.RotateSdkKeyAsync(env.Id, current.Id, SecretTokens.Hash(secret), SecretTokens.Hint(secret), TimeSpan.FromHours(hours), null, write, cancellationToken);
        sdkKeys.Clear();
        context.Request.QueryString = new QueryString("?env=" + Uri.EscapeDataString(environment));
        var note = current is null ? "Other keys are unchanged." : hours == 0 ? $"The key it replaces ('{current.Name}') stopped working now." : $"The key it replaces ('{current.Name}') keeps working for {hours} hours.";
        if (made.Status != Storage.WriteStatus.Ok)
        {
            return await KeysPageAsync(context, store, time, project, null, made.Detail, cancellationToken);
        }

        return await KeysPageAsync(context, store, time, project, secret, $"New {kind} key for {env.Name}. {note}", cancellationToken);
    }

    private static async Task<IResult> RevokeKeyAsync(string project, long id, IFormCollection form, HttpContext context, DashboardData store, SdkKeyCache sdkKeys, CancellationToken cancellationToken)
    {
        var environment = form["env"].ToString();
        var env = await store.Environments.GetAsync(project, environment, cancellationToken);
        var revoked = env is not null && await store.Auth.RevokeSdkKeyAsync(env.Id, id, DashboardPages.WriteContext(context, null), cancellationToken);
        sdkKeys.Clear();
        if (!revoked)
        {
            return DashboardPages.NotFound(context);
        }

        return TypedResults.Redirect($"/projects/{project}/keys?env={Uri.EscapeDataString(environment)}");
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

/// <summary>The SDK keys of an environment, and a secret just made (shown once).</summary>
internal sealed record KeysModel(IReadOnlyList<SdkKeyState> Keys, DateTimeOffset Now, string? Secret, string? Message);

/// <summary>The API tokens, and a secret just made (shown once).</summary>
internal sealed record TokensModel(IReadOnlyList<ApiTokenState> Tokens, IReadOnlyDictionary<long, string> Projects, string? Secret, IReadOnlyList<string> Errors);
