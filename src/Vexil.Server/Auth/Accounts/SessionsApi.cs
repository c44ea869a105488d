using Vexil.Server.Api;
using Vexil.Server.Auth.SignIn;
using Vexil.Server.Storage;

namespace Vexil.Server.Auth.Accounts;

/// <summary>
/// A person's own sessions and password: <c>GET /api/v1/auth/sessions</c>, <c>DELETE /api/v1/auth/sessions/{id}</c>,
/// <c>POST /api/v1/auth/logout</c>, <c>PUT /api/v1/auth/password</c>; and <c>POST /api/v1/auth/password-reset</c>, which
/// anyone holding a one-time reset link may call. Revocation takes effect at once (every request reads the store).
/// </summary>
internal static class SessionsApi
{
    public static void MapSessionsApi(this RouteGroupBuilder api)
    {
        var self = api.MapGroup("/auth").WithTags("Auth").RequireAuthorization(VexilPolicies.Person);
        self.MapGet("/sessions", ListAsync).Produces<SessionResponse[]>();
        self.MapDelete("/sessions/{id:long}", RevokeAsync).ProducesProblem(StatusCodes.Status404NotFound);
        self.MapPost("/logout", LogoutAsync).Produces(StatusCodes.Status204NoContent);
        self.MapPut("/password", ChangePasswordAsync).Accepts<ChangePasswordRequest>("application/json").Produces(StatusCodes.Status204NoContent).ProducesValidationProblem();
        api.MapPost("/auth/password-reset", UseResetLinkAsync).WithTags("Auth").AllowAnonymous()
            .Accepts<UseResetLinkRequest>("application/json").Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status410Gone);
    }

    private static async Task<IResult> ListAsync(HttpContext context, AuthStore store, CancellationToken cancellationToken)
    {
        var sessions = await store.ListSessionsAsync(context.User.AccountOf()!, cancellationToken);
        var current = context.User.SessionOf();
        return TypedResults.Ok(sessions.Select(s => SessionResponse.Of(s, current)).ToArray());
    }

    private static async Task<IResult> RevokeAsync(long id, HttpContext context, AuthStore store, CancellationToken cancellationToken) =>
        await store.RevokeSessionAsync(context.User.AccountOf()!, id, context.WriteContext(), cancellationToken) ? TypedResults.NoContent() : WriteResults.NotFound("You have no such session.");

    private static async Task<IResult> LogoutAsync(HttpContext context, AuthStore store, CancellationToken cancellationToken)
    {
        if (context.User.SessionOf() is { } id)
        {
            await store.RevokeSessionAsync(context.User.AccountOf()!, id, new WriteContext(context.User.ActorOf(), context.TraceIdentifier, "sign-out"), cancellationToken);
        }

        return TypedResults.NoContent();
    }

    private static async Task<IResult> ChangePasswordAsync(HttpContext context, AuthStore store, SignInGuard guard, PasswordHasher hasher, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<ChangePasswordRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        Passwords.Check(errors, "newPassword", body!.NewPassword);
        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        // The current password is checked like a sign-in (throttled, failures audited): a stolen session must not guess it.
        var username = context.User.AccountOf()!;
        var outcome = await guard.CheckAsync(username, body.CurrentPassword ?? string.Empty, ClientAddress.Of(context), context.TraceIdentifier, cancellationToken);
        if (outcome.Account is not { } account)
        {
            return outcome.RetryAt is null
                ? TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, detail: "The current password is wrong.")
                : SignInProblems.For(context, outcome, time);
        }

        var result = await store.ChangePasswordAsync(hasher.Hash(account.Username, body.NewPassword!, account.Role), context.User.SessionOf(), context.WriteContext(), cancellationToken);
        return result.Status == WriteStatus.Ok ? TypedResults.NoContent() : WriteResults.NotFound("No such account.");
    }

    private static async Task<IResult> UseResetLinkAsync(HttpContext context, AuthStore store, PasswordHasher hasher, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<UseResetLinkRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        Passwords.Check(errors, "newPassword", body!.NewPassword);
        if (!errors.IsEmpty)
        {
            return errors.ToResult();
        }

        var status = await ResetLinks.UseAsync(store, hasher, time, body.Token, body.NewPassword!, new WriteContext("reset-link", context.TraceIdentifier, null), cancellationToken);
        return status == WriteStatus.Ok ? TypedResults.NoContent() : TypedResults.Problem(statusCode: StatusCodes.Status410Gone, detail: ResetLinks.UnusableDetail);
    }
}
