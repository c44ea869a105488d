using System.Globalization;
using Vexil.Server.Auth;
using Vexil.Server.Dashboard.Auth;
using Vexil.Server.Environments;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard.Keys;

/// <summary>
/// SDK keys of an environment (administrators), as the API offers them: several named keys of each kind, a new key
/// that replaces none, rotating one key with an overlap, a client key's browser origins, revoking at once. A new
/// secret is shown once, in the answer to the request that made it; only its SHA-256 hash is kept.
/// </summary>
internal static class DashboardSdkKeys
{
    public static void MapDashboardSdkKeys(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/projects/{project}/keys").RequireAuthorization(DashboardPolicies.Administrator).ExcludeFromDescription();
        group.MapGet("/", KeysAsync);
        group.MapPost("/", CreateAsync).RequireFormToken();
        group.MapPost("/{id:long}/rotate", RotateAsync).RequireFormToken();
        group.MapPost("/{id:long}/origins", OriginsAsync).RequireFormToken();
        group.MapPost("/{id:long}/revoke", RevokeAsync).RequireFormToken();
    }

    private static Task<IResult> KeysAsync(string project, HttpContext context, DashboardData store, TimeProvider time, CancellationToken cancellationToken) =>
        PageAsync(context, store, time, project, null, null, [], null, cancellationToken);

    private static async Task<IResult> PageAsync(HttpContext context, DashboardData store, TimeProvider time, string project, string? secret, string? message, IReadOnlyList<string> errors, IFormCollection? posted, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(context, store, project, "keys", cancellationToken);
        if (shell?.Environment is null)
        {
            return DashboardPages.NotFound(context);
        }

        var keys = await store.Auth.ListSdkKeysAsync(shell.Environment.Id, cancellationToken);
        var model = new KeysModel(keys, time.GetUtcNow(), secret, message) { Errors = errors, Posted = posted };
        return DashboardPages.Render<Pages.KeysPage>(context, shell, model, errors.Count > 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }

    private static async Task<IResult> CreateAsync(string project, IFormCollection form, HttpContext context, DashboardData store, SdkKeyCache sdkKeys, TimeProvider time, CancellationToken cancellationToken)
    {
        var env = await EnvironmentAsync(context, store, project, form, cancellationToken);
        if (env is null)
        {
            return DashboardPages.NotFound(context);
        }

        var kind = form["kind"].ToString();
        var name = form["name"].ToString().Trim();
        var errors = new ValidationErrors();
        if (!SdkKeyKind.IsValid(kind))
        {
            errors.Add("kind", "must be server or client");
        }

        if (name.Length > 0 && !SdkKeyNames.IsValid(name))
        {
            errors.Add("name", $"must be 1 to {SdkKeyNames.MaxLength} letters, digits, '-', '_' or '.', starting with a letter or digit");
        }

        var origins = AllowedOrigins.Validate("allowed origins", Origins(form), kind, errors);
        if (!errors.IsEmpty)
        {
            return await PageAsync(context, store, time, project, null, null, [.. errors.Messages], form, cancellationToken);
        }

        var secret = NewSecret(kind);
        var made = await store.Auth.CreateSdkKeyAsync(env.Id, kind, name.Length == 0 ? null : name, SecretTokens.Hash(secret), SecretTokens.Hint(secret), origins ?? [], DashboardPages.WriteContext(context, null), cancellationToken);
        sdkKeys.Clear();
        return made.Status == WriteStatus.Ok
            ? await PageAsync(context, store, time, project, secret, $"New {kind} key '{made.Value!.Name}' for {env.Name}. The other keys are unchanged.", [], null, cancellationToken)
            : await PageAsync(context, store, time, project, null, null, [made.Detail ?? "The key was not created."], form, cancellationToken);
    }

    private static async Task<IResult> RotateAsync(string project, long id, IFormCollection form, HttpContext context, DashboardData store, SdkKeyCache sdkKeys, StreamKeyChecker streams, TimeProvider time, CancellationToken cancellationToken)
    {
        var env = await EnvironmentAsync(context, store, project, form, cancellationToken);
        var existing = env is null ? null : (await store.Auth.ListSdkKeysAsync(env.Id, cancellationToken)).FirstOrDefault(k => k.Id == id);
        if (existing is null)
        {
            return DashboardPages.NotFound(context);
        }

        var hours = int.TryParse(form["overlapHours"], NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? Math.Clamp(h, 0, 720) : 0;
        var secret = NewSecret(existing.Kind);
        var rotated = await store.Auth.RotateSdkKeyAsync(env!.Id, id, SecretTokens.Hash(secret), SecretTokens.Hint(secret), TimeSpan.FromHours(hours), null, DashboardPages.WriteContext(context, null), cancellationToken);
        sdkKeys.Clear();
        streams.RequestCheck(); // a rotation without overlap expires the old key now
        if (rotated.Status != WriteStatus.Ok)
        {
            return await PageAsync(context, store, time, project, null, null, [rotated.Detail ?? "The key was not rotated."], null, cancellationToken);
        }

        var note = hours == 0 ? "The key it replaces stopped working now." : $"The key it replaces keeps working for {hours} hours.";
        return await PageAsync(context, store, time, project, secret, $"Key '{existing.Name}' rotated. {note}", [], null, cancellationToken);
    }

    private static async Task<IResult> OriginsAsync(string project, long id, IFormCollection form, HttpContext context, DashboardData store, SdkKeyCache sdkKeys, TimeProvider time, CancellationToken cancellationToken)
    {
        var env = await EnvironmentAsync(context, store, project, form, cancellationToken);
        var existing = env is null ? null : (await store.Auth.ListSdkKeysAsync(env.Id, cancellationToken)).FirstOrDefault(k => k.Id == id);
        if (existing is null)
        {
            return DashboardPages.NotFound(context);
        }

        var errors = new ValidationErrors();
        var origins = AllowedOrigins.Validate("allowed origins", Origins(form), existing.Kind, errors);
        if (!errors.IsEmpty)
        {
            return await PageAsync(context, store, time, project, null, null, [.. errors.Messages], form, cancellationToken);
        }

        var updated = await store.Auth.SetSdkKeyOriginsAsync(env!.Id, id, origins!, DashboardPages.WriteContext(context, null), cancellationToken);
        sdkKeys.Clear();
        return updated is null
            ? DashboardPages.NotFound(context)
            : DashboardPages.SeeOther($"/projects/{project}/keys?env={Uri.EscapeDataString(env.Key)}");
    }

    private static async Task<IResult> RevokeAsync(string project, long id, IFormCollection form, HttpContext context, DashboardData store, SdkKeyCache sdkKeys, StreamKeyChecker streams, CancellationToken cancellationToken)
    {
        var env = await EnvironmentAsync(context, store, project, form, cancellationToken);
        var revoked = env is not null && await store.Auth.RevokeSdkKeyAsync(env.Id, id, DashboardPages.WriteContext(context, null), cancellationToken);
        sdkKeys.Clear();
        streams.RequestCheck(); // this replica's streams of the key end now; other replicas' within the check interval
        return revoked
            ? DashboardPages.SeeOther($"/projects/{project}/keys?env={Uri.EscapeDataString(env!.Key)}")
            : DashboardPages.NotFound(context);
    }

    /// <summary>The form's environment; the page rendered after a post shows that environment.</summary>
    private static async Task<EnvironmentState?> EnvironmentAsync(HttpContext context, DashboardData store, string project, IFormCollection form, CancellationToken cancellationToken)
    {
        var environment = form["env"].ToString();
        context.Request.QueryString = new QueryString("?env=" + Uri.EscapeDataString(environment));
        return await store.Environments.GetAsync(project, environment, cancellationToken);
    }

    /// <summary>The origins typed one per line (or comma separated); an empty list allows none.</summary>
    private static List<string?> Origins(IFormCollection form) => [.. Flags.FlagConfigEdits.SplitList(form["origins"])];

    private static string NewSecret(string kind) =>
        SecretTokens.New(kind == SdkKeyKind.Server ? SecretTokens.ServerKeyPrefix : SecretTokens.ClientKeyPrefix);
}
